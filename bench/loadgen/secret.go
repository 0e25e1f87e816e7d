package main

import (
	"crypto/rand"
	"flag"
	"fmt"
	"strings"

	"github.com/cosmos/gogoproto/jsonpb"
	"github.com/gtank/ristretto255"

	"github.com/cosmos/cosmos-sdk/types/bech32"

	"github.com/civitas-chain/civitas/x/voting/secret"
	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
)

// ceremonyCmd prints, for a genesis, a FINAL key ceremony of a secret
// election made by real deals of n trustees (threshold t) and the deals
// themselves: {"key_ceremony": …, "key_deals": […]} in proto JSON, which
// InitGenesis re-checks (the key and public shares must follow from the
// deals). The trustees' secrets are thrown away: the bench never decrypts.
func ceremonyCmd(args []string) error {
	fs := flag.NewFlagSet("ceremony", flag.ExitOnError)
	prefix := fs.String("prefix", "civ", "bech32 account prefix")
	chainID := fs.String("chain-id", "bench-1", "chain id")
	election := fs.Uint64("election", 3, "election id")
	n := fs.Int("trustees", 3, "number of trustees")
	t := fs.Int("threshold", 2, "threshold")
	_ = fs.Parse(args)

	ctx := secret.CeremonyContext(*chainID, *election)
	c := votingtypes.KeyCeremony{Threshold: uint32(*t), Status: votingtypes.CEREMONY_STATUS_FINAL}
	var pubs []*secret.Element
	for j := 0; j < *n; j++ {
		e, err := secret.RandomScalar(rand.Reader)
		if err != nil {
			return err
		}
		pub := ristretto255.NewElement().ScalarBaseMult(e)
		pubs = append(pubs, pub)
		addr, err := bech32.ConvertAndEncode(*prefix, []byte(fmt.Sprintf("bench-trustee-%06d", j)))
		if err != nil {
			return err
		}
		c.Trustees = append(c.Trustees, votingtypes.Trustee{Address: addr, CommunicationKey: pub.Encode(nil), Dealt: true, Acknowledged: true})
	}
	var deals []*secret.Deal
	var stored []string
	m := jsonpb.Marshaler{OrigName: true, EmitDefaults: true}
	for j := 0; j < *n; j++ {
		d, err := secret.NewDeal(rand.Reader, uint64(j+1), *t, pubs, ctx)
		if err != nil {
			return err
		}
		deals = append(deals, d)
		msg := votingtypes.DealMsg("", *election, d)
		kd := votingtypes.KeyDeal{ElectionId: *election, Dealer: uint32(j + 1), Commitments: msg.Commitments, PokCommitment: msg.PokCommitment,
			PokResponse: msg.PokResponse, Ephemeral: msg.Ephemeral, Shares: msg.Shares,
			EphemeralPokCommitment: msg.EphemeralPokCommitment, EphemeralPokResponse: msg.EphemeralPokResponse}
		s, err := m.MarshalToString(&kd)
		if err != nil {
			return err
		}
		stored = append(stored, s)
	}
	c.ElectionKey = secret.ElectionKey(deals).Encode(nil)
	for j, ps := range secret.PublicShares(deals, *n) {
		c.Trustees[j].PublicShare = ps.Encode(nil)
	}
	cs, err := m.MarshalToString(&c)
	if err != nil {
		return err
	}
	fmt.Printf(`{"key_ceremony": %s, "key_deals": [%s]}`+"\n", cs, strings.Join(stored, ","))
	return nil
}

// secretBallot encrypts and signs voter i's ballot of a secret election
// (answers as chosen options).
func secretBallot(e *votingtypes.Election, i int, answers []votingtypes.Answer, proof *votingtypes.CensusProof) (votingtypes.SignedBallot, error) {
	k, err := secret.DecodeElement(e.KeyCeremony.ElectionKey, "election key")
	if err != nil {
		return votingtypes.SignedBallot{}, err
	}
	choices, err := votingtypes.SecretChoices(e, answers)
	if err != nil {
		return votingtypes.SignedBallot{}, err
	}
	return votingtypes.SignSecretBallot(rand.Reader, voterKey(i), e, k, 0, choices, proof)
}
