package keeper_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/testutil/ocds"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// requireOCDS requires the tender's OCDS package to be valid, with the
// given tags, and returns its release.
func (f *fixture) requireOCDS(t *testing.T, tenderID uint64, tags ...string) map[string]any {
	t.Helper()
	res, err := keeperQuerier(f).OCDS(f.ctx, &types.QueryOCDSRequest{TenderId: tenderID})
	require.NoError(t, err)
	ocds.RequireValid(t, []byte(res.ReleasePackage))
	var pkg struct {
		Releases []map[string]any `json:"releases"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.ReleasePackage), &pkg))
	require.Len(t, pkg.Releases, 1)
	rel := pkg.Releases[0]
	require.Equal(t, "ocds-civitas-"+jsonNumber(tenderID), rel["ocid"])
	var got []string
	for _, tag := range rel["tag"].([]any) {
		got = append(got, tag.(string))
	}
	require.Equal(t, tags, got)
	return rel
}

func jsonNumber(n uint64) string { bz, _ := json.Marshal(n); return string(bz) }

// TestOCDSSchemaCatchesErrors: the validator refuses what OCDS refuses.
func TestOCDSSchemaCatchesErrors(t *testing.T) {
	schema := ocds.Schema(t)
	for _, bad := range []string{
		`{"uri":"u","version":"1.1","publishedDate":"2026-01-01T00:00:00Z","publisher":{"name":"p"},"releases":[{"ocid":"o","id":"1","date":"2026-01-01T00:00:00Z","tag":["bogus"],"initiationType":"tender"}]}`,
		`{"uri":"u","version":"1.1","publishedDate":"2026-01-01T00:00:00Z","publisher":{"name":"p"},"releases":[{"ocid":"o","id":"1","date":"2026-01-01T00:00:00Z","tag":["tender"],"initiationType":"tender","tender":{"id":"1","status":"open"}}]}`,
		`{"uri":"u","version":"1.1","publishedDate":"2026-01-01T00:00:00Z","publisher":{"name":"p"},"releases":[{"ocid":"o","id":"1","date":"2026-01-01T00:00:00Z","tag":["tender"],"initiationType":"tender","tender":{"id":"1","value":{"amount":"5","currency":"XXX"}}}]}`,
	} {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(bad)))
		require.NoError(t, err)
		require.Error(t, schema.Validate(inst), bad)
	}
}
