package keeper

import (
	"crypto/sha256"
	"sync"
)

// DefaultSignatureCacheSize is how many verified ballot signatures a node
// remembers (about 40 bytes each, plus the map's overhead).
const DefaultSignatureCacheSize = 1 << 18

// SignatureCache is a bounded set of (sign bytes, signature) pairs whose
// signature this node has verified, evicted first in, first out. It is
// node-local and only ever saves a verification: a miss verifies.
type SignatureCache struct {
	mu   sync.Mutex
	set  map[[32]byte]struct{}
	ring [][32]byte
	next int
}

// NewSignatureCache returns a cache of the given capacity (at least 1).
func NewSignatureCache(capacity int) *SignatureCache {
	capacity = max(capacity, 1)
	return &SignatureCache{set: make(map[[32]byte]struct{}, capacity), ring: make([][32]byte, 0, capacity)}
}

func sigCacheKey(signBytes, sig []byte) [32]byte {
	h := sha256.New()
	h.Write(signBytes)
	h.Write(sig)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// Has reports whether the pair was verified here.
func (c *SignatureCache) Has(signBytes, sig []byte) bool {
	k := sigCacheKey(signBytes, sig)
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.set[k]
	return ok
}

// Add remembers a verified pair.
func (c *SignatureCache) Add(signBytes, sig []byte) {
	k := sigCacheKey(signBytes, sig)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.set[k]; ok {
		return
	}
	if len(c.ring) < cap(c.ring) {
		c.ring = append(c.ring, k)
	} else {
		delete(c.set, c.ring[c.next])
		c.ring[c.next] = k
		c.next = (c.next + 1) % len(c.ring)
	}
	c.set[k] = struct{}{}
}

// Len returns the number of remembered pairs.
func (c *SignatureCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.set)
}
