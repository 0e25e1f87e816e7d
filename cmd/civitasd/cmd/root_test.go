package cmd_test

import (
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/cmd/civitasd/cmd"
)

// TestRootCommandBuilds: the whole command tree is built (a flag defined
// twice panics at startup) and every command has its help.
func TestRootCommandBuilds(t *testing.T) {
	root := cmd.NewRootCmd()
	n := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		n++
		require.NotEmpty(t, c.Short, "%s has no short help", c.CommandPath())
		_ = c.Flags() // merged flag sets are built here too
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for _, path := range [][]string{{"voting", "trustee", "check"}, {"voting", "trustee", "deal"}, {"voting", "trustee", "register"}} {
		c, _, err := root.Find(path)
		require.NoError(t, err)
		require.Equal(t, path[len(path)-1], c.Name())
	}
	t.Logf("%d commands", n)
}
