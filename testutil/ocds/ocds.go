// Package ocds validates OCDS release packages in tests against the OCDS
// 1.1.5 release-package schema kept in ../shared/ocds-1.1.5 beside the
// repository, with a maintained JSON-Schema validator.
package ocds

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/testutil/system"
)

const base = "https://standard.open-contracting.org/schema/1__1__5/"

// Schema compiles the OCDS 1.1.5 release-package schema, or skips the test
// with a message when the schema folder is absent.
func Schema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	dir, ok := schemaDir(t)
	if !ok {
		t.Skipf("OCDS schema not found in %s (the shared folder beside the repository): the OCDS packages are not validated here", dir)
	}
	c := jsonschema.NewCompiler()
	for _, name := range []string{"release-package-schema.json", "release-schema.json"} {
		f, err := os.Open(filepath.Join(dir, name))
		require.NoError(t, err)
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		require.NoError(t, err)
		require.NoError(t, c.AddResource(base+name, doc))
	}
	s, err := c.Compile(base + "release-package-schema.json")
	require.NoError(t, err)
	return s
}

func schemaDir(t testing.TB) (string, bool) {
	dir := filepath.Join(system.RepoRoot(t), "..", "shared", "ocds-1.1.5")
	_, err := os.Stat(filepath.Join(dir, "release-package-schema.json"))
	return dir, err == nil
}

// RequireValid requires pkg to be a valid OCDS 1.1.5 release package. Without
// the schema folder it says so in the test log and checks nothing, so that
// the rest of the calling test still runs.
func RequireValid(t testing.TB, pkg []byte) {
	t.Helper()
	if dir, ok := schemaDir(t); !ok {
		t.Logf("OCDS schema not found in %s: this package is not validated", dir)
		return
	}
	schema := Schema(t)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(pkg))
	require.NoError(t, err)
	require.NoError(t, schema.Validate(inst), "%s", pkg)
}
