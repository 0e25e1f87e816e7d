package testutil

import (
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/civitas-chain/civitas/app"
)

// GovAuthority is the gov module address, the authority of privileged Msgs.
func GovAuthority() string {
	return authtypes.NewModuleAddress(govtypes.ModuleName).String()
}

// PassProposal submits msgs as a governance proposal from proposer with the
// minimum deposit, has every genesis validator vote yes, lets the voting
// period end and returns the final proposal.
func (c *Chain) PassProposal(proposer Account, msgs ...sdk.Msg) govv1.Proposal {
	c.t.Helper()
	return c.ProposeAndVote(proposer, c.Validators, msgs...)
}

// ProposeAndVote submits msgs as a proposal from proposer, has voters vote
// yes, lets the voting period end and returns the final proposal.
func (c *Chain) ProposeAndVote(proposer Account, voters []Account, msgs ...sdk.Msg) govv1.Proposal {
	c.t.Helper()
	submit, err := govv1.NewMsgSubmitProposal(msgs, app.DefaultGovMinDeposit, proposer.Address.String(), "", "test proposal", "submitted by a test", false)
	require.NoError(c.t, err)
	res := c.DeliverMsgs(proposer, submit)
	require.Equal(c.t, uint32(0), res.Code, "submit proposal: %s", res.Log)

	// Every vote in one block, so that any number of voters fits in the
	// voting period.
	id := c.lastProposalID()
	votes := make([][]byte, len(voters))
	for i, v := range voters {
		votes[i] = c.SignTx(v, nil, DefaultGas/10, govv1.NewMsgVote(v.Address, id, govv1.OptionYes, ""))
	}
	for _, r := range c.FinalizeBlock(votes).TxResults {
		require.Equal(c.t, uint32(0), r.Code, "vote: %s", r.Log)
	}
	params, err := c.App.GovKeeper.Params.Get(c.Ctx())
	require.NoError(c.t, err)
	c.AdvanceTime(*params.VotingPeriod + c.BlockTime)

	proposal, err := c.App.GovKeeper.Proposals.Get(c.Ctx(), id)
	require.NoError(c.t, err)
	return proposal
}

func (c *Chain) lastProposalID() uint64 {
	next, err := c.App.GovKeeper.ProposalID.Peek(c.Ctx())
	require.NoError(c.t, err)
	require.Greater(c.t, next, uint64(1), "no proposal was submitted")
	return next - 1
}
