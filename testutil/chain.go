// Package testutil holds the in-process chain fixture for integration tests:
// a real CivitasApp (real keepers, ante handler, wasm VM) driven block by block
// through ABCI, with funded accounts that sign real transactions.
package testutil

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/log/v2"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client/flags"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/civitas-chain/civitas/app"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

// ChainID is the chain id of the in-process test chain.
const ChainID = "civitas-test-1"

// DefaultGas is the gas limit of DeliverMsgs: enough to store a contract.
const DefaultGas = 100_000_000

// SeatAmount is one validator seat in useat (agencytypes.PowerPerSeat units of power).
var SeatAmount = agencytypes.SeatUnit

// Account is a test account with its private key.
type Account struct {
	Name    string
	PrivKey cryptotypes.PrivKey
	Address sdk.AccAddress
}

// Config says what the test chain starts with.
type Config struct {
	// Validators is the number of genesis validators, each bonded with one
	// seat by its own operator account (default 2, so that one can leave).
	Validators int
	// Accounts are plain accounts, funded with AccountFunds (default alice, bob).
	Accounts     []string
	AccountFunds sdk.Coins
	// ExtraBalances are added to named accounts at genesis (e.g. a liquid
	// seat for a body that will create its validator later).
	ExtraBalances map[string]sdk.Coins
	// VotingPeriod of governance (default 10s of block time).
	VotingPeriod time.Duration
	// EditGenesis, if set, changes the genesis app state before InitChain.
	EditGenesis func(cdc codec.JSONCodec, genesis map[string]json.RawMessage)
	// EmptyAccounts exist at genesis with no tokens at all.
	EmptyAccounts []string
	// MinGasPrices is the node's minimum gas price in CheckTx (default none).
	MinGasPrices string
	// Keys, if set, are the account keys of named accounts (others get fresh
	// ones), and ConsKeys the consensus keys of named validators: the
	// simulation builds its world on the simulator's own accounts.
	Keys     map[string]cryptotypes.PrivKey
	ConsKeys map[string]cryptotypes.PrivKey
}

// Chain is a running in-process Civitas chain.
type Chain struct {
	t          testing.TB
	App        *app.CivitasApp
	Validators []Account // operator accounts of the genesis validators
	Accounts   map[string]Account
	BlockTime  time.Duration
	now        time.Time
	nextHeight int64
}

// NewChain starts a chain from a Civitas genesis built from cfg and commits
// its first block.
func NewChain(t testing.TB, cfg Config) *Chain {
	t.Helper()
	c, err := TryNewChain(t, cfg)
	require.NoError(t, err, "InitChain")
	return c
}

// TryNewChain is NewChain, returning InitChain's error (for genesis tests).
func TryNewChain(t testing.TB, cfg Config) (*Chain, error) {
	t.Helper()
	if cfg.Validators == 0 {
		cfg.Validators = 2
	}
	if cfg.Accounts == nil {
		cfg.Accounts = []string{"alice", "bob"}
	}
	if cfg.AccountFunds == nil {
		cfg.AccountFunds = sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, 10_000_000_000_000))
	}
	if cfg.VotingPeriod == 0 {
		cfg.VotingPeriod = 10 * time.Second
	}

	c := newChain(t, baseapp.SetMinGasPrices(cfg.MinGasPrices))
	civ := c.App

	genesis := civ.DefaultGenesis()
	cdc := civ.AppCodec()

	var (
		accounts    []authtypes.GenesisAccount
		balances    []banktypes.Balance
		validators  []stakingtypes.Validator
		delegations []stakingtypes.Delegation
		signing     []slashingtypes.SigningInfo
	)
	addAccount := func(name string, coins sdk.Coins) Account {
		priv := cfg.Keys[name]
		if priv == nil {
			priv = secp256k1.GenPrivKey()
		}
		acc := Account{Name: name, PrivKey: priv, Address: sdk.AccAddress(priv.PubKey().Address())}
		accounts = append(accounts, authtypes.NewBaseAccount(acc.Address, priv.PubKey(), uint64(len(accounts)), 0))
		if extra, ok := cfg.ExtraBalances[name]; ok {
			coins = coins.Add(extra...)
		}
		if !coins.IsZero() {
			balances = append(balances, banktypes.Balance{Address: acc.Address.String(), Coins: coins})
		}
		c.Accounts[name] = acc
		return acc
	}

	for i := 0; i < cfg.Validators; i++ {
		op := addAccount("validator-"+string(rune('0'+i)), cfg.AccountFunds)
		c.Validators = append(c.Validators, op)
		var consKey cryptotypes.PrivKey = ed25519.GenPrivKey()
		if k := cfg.ConsKeys[op.Name]; k != nil {
			consKey = k
		}
		pkAny, err := codectypes.NewAnyWithValue(consKey.PubKey())
		require.NoError(t, err)
		valAddr := sdk.ValAddress(op.Address)
		validators = append(validators, stakingtypes.Validator{
			OperatorAddress:   valAddr.String(),
			ConsensusPubkey:   pkAny,
			Status:            stakingtypes.Bonded,
			Tokens:            SeatAmount,
			DelegatorShares:   sdkmath.LegacyNewDecFromInt(SeatAmount),
			Description:       stakingtypes.Description{Moniker: op.Name},
			UnbondingTime:     time.Unix(0, 0).UTC(),
			Commission:        stakingtypes.NewCommission(sdkmath.LegacyZeroDec(), sdkmath.LegacyOneDec(), sdkmath.LegacyZeroDec()),
			MinSelfDelegation: sdkmath.OneInt(),
		})
		delegations = append(delegations, stakingtypes.NewDelegation(op.Address.String(), valAddr.String(), sdkmath.LegacyNewDecFromInt(SeatAmount)))
		signing = append(signing, slashingtypes.SigningInfo{
			Address:              sdk.ConsAddress(consKey.PubKey().Address()).String(),
			ValidatorSigningInfo: slashingtypes.ValidatorSigningInfo{Address: sdk.ConsAddress(consKey.PubKey().Address()).String()},
		})
	}
	for _, name := range cfg.Accounts {
		addAccount(name, cfg.AccountFunds)
	}
	for _, name := range cfg.EmptyAccounts {
		addAccount(name, nil)
	}
	balances = append(balances, banktypes.Balance{
		Address: authtypes.NewModuleAddress(stakingtypes.BondedPoolName).String(),
		Coins:   sdk.NewCoins(sdk.NewCoin(app.SeatDenom, SeatAmount.MulRaw(int64(cfg.Validators)))),
	})

	genesis[authtypes.ModuleName] = cdc.MustMarshalJSON(authtypes.NewGenesisState(authtypes.DefaultParams(), accounts))

	// Every seat comes from a seat grant, as on a real chain: each genesis
	// validator, and each account given liquid seats, is the operator of its
	// own agency ("<name> body", ids from 1 in that order, admin: itself).
	var agencyGen agencytypes.GenesisState
	cdc.MustUnmarshalJSON(genesis[agencytypes.ModuleName], &agencyGen)
	seatHolders := append([]Account{}, c.Validators...)
	for _, name := range slices.Sorted(maps.Keys(cfg.ExtraBalances)) {
		if cfg.ExtraBalances[name].AmountOf(app.SeatDenom).IsPositive() {
			seatHolders = append(seatHolders, c.Accounts[name])
		}
	}
	for i, holder := range seatHolders {
		id := uint64(i + 1)
		seats := SeatAmount
		if i >= len(c.Validators) {
			seats = cfg.ExtraBalances[holder.Name].AmountOf(app.SeatDenom)
		}
		agencyGen.Agencies = append(agencyGen.Agencies, agencytypes.Agency{
			Id: id, Name: holder.Name + " body", Jurisdiction: "test", Admins: []string{holder.Address.String()}, Status: agencytypes.AGENCY_STATUS_ACTIVE,
		})
		agencyGen.SeatGrants = append(agencyGen.SeatGrants, agencytypes.SeatGrant{
			AgencyId: id, Operator: holder.Address.String(), Seats: seats.Quo(SeatAmount).Uint64(),
		})
		if n := seats.Quo(SeatAmount).Uint64(); n > uint64(agencyGen.Params.MaxSeatsPerAgency) {
			agencyGen.Params.MaxSeatsPerAgency = uint32(n)
		}
	}
	agencyGen.NextAgencyId = uint64(len(seatHolders) + 1)
	genesis[agencytypes.ModuleName] = cdc.MustMarshalJSON(&agencyGen)

	var stakingGen stakingtypes.GenesisState
	cdc.MustUnmarshalJSON(genesis[stakingtypes.ModuleName], &stakingGen)
	stakingGen.Validators = validators
	stakingGen.Delegations = delegations
	stakingGen.Params.UnbondingTime = time.Minute
	genesis[stakingtypes.ModuleName] = cdc.MustMarshalJSON(&stakingGen)

	var slashingGen slashingtypes.GenesisState
	cdc.MustUnmarshalJSON(genesis[slashingtypes.ModuleName], &slashingGen)
	slashingGen.SigningInfos = signing
	genesis[slashingtypes.ModuleName] = cdc.MustMarshalJSON(&slashingGen)

	var bankGen banktypes.GenesisState
	cdc.MustUnmarshalJSON(genesis[banktypes.ModuleName], &bankGen)
	bankGen.Balances = banktypes.SanitizeGenesisBalances(balances)
	supply := sdk.NewCoins()
	for _, b := range balances {
		supply = supply.Add(b.Coins...)
	}
	bankGen.Supply = supply
	genesis[banktypes.ModuleName] = cdc.MustMarshalJSON(&bankGen)

	setGovPeriods(t, civ, genesis, cfg.VotingPeriod)
	if cfg.EditGenesis != nil {
		cfg.EditGenesis(cdc, genesis)
	}

	stateBytes, err := json.Marshal(genesis)
	require.NoError(t, err)
	if err := c.tryInitChain(stateBytes, 1); err != nil {
		return nil, err
	}
	return c, nil
}

// NewChainFromExport starts a new chain from an exported state (as
// `civitasd export` writes it), at the exported height.
func NewChainFromExport(t testing.TB, exported servertypes.ExportedApp) *Chain {
	t.Helper()
	c := newChain(t)
	c.initChain(exported.AppState, exported.Height)
	return c
}

func newChain(t testing.TB, baseAppOptions ...func(*baseapp.BaseApp)) *Chain {
	opts := simtestutil.AppOptionsMap{flags.FlagHome: t.TempDir()}
	baseAppOptions = append(baseAppOptions, baseapp.SetChainID(ChainID))
	return &Chain{
		t:         t,
		App:       app.NewCivitasApp(log.NewNopLogger(), dbm.NewMemDB(), true, opts, nil, baseAppOptions...),
		Accounts:  map[string]Account{},
		BlockTime: 5 * time.Second,
		now:       time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	}
}

// consensusParams are the SDK's test defaults without the consensus-level
// authority override (which carries a cosmos1 address): each keeper's own
// authority, the gov module, applies as on a real Civitas chain.
func consensusParams() *cmtproto.ConsensusParams {
	cp := *simtestutil.DefaultConsensusParams
	cp.Authority = nil
	return &cp
}

// initChain runs InitChain with the app state and commits the first block.
func (c *Chain) initChain(appState []byte, initialHeight int64) {
	c.t.Helper()
	require.NoError(c.t, c.tryInitChain(appState, initialHeight))
}

func (c *Chain) tryInitChain(appState []byte, initialHeight int64) error {
	c.t.Helper()
	if initialHeight < 1 {
		initialHeight = 1
	}
	_, err := c.App.InitChain(&abci.RequestInitChain{
		ChainId:         ChainID,
		Time:            c.now,
		ConsensusParams: consensusParams(),
		InitialHeight:   initialHeight,
		AppStateBytes:   appState,
	})
	if err != nil {
		return err
	}
	c.nextHeight = initialHeight
	c.NextBlock()
	return nil
}

// Ctx returns a context on the latest committed state, for keeper reads.
func (c *Chain) Ctx() sdk.Context {
	return c.App.NewUncachedContext(false, cmtproto.Header{
		ChainID: ChainID,
		Height:  c.App.LastBlockHeight(),
		Time:    c.now,
	})
}

// JumpTo moves the chain's clock forward to when (the next block comes
// BlockTime after it), e.g. to continue from an exported chain's time.
func (c *Chain) JumpTo(when time.Time) {
	if when.After(c.now) {
		c.now = when
	}
}

// Now is the time of the last block.
func (c *Chain) Now() time.Time { return c.now }

// NextBlock finalizes and commits an empty block BlockTime after the last.
func (c *Chain) NextBlock() *abci.ResponseFinalizeBlock {
	return c.FinalizeBlock(nil)
}

// AdvanceTime commits empty blocks until at least d of block time has passed.
func (c *Chain) AdvanceTime(d time.Duration) {
	end := c.now.Add(d)
	for c.now.Before(end) {
		c.NextBlock()
	}
}

// FinalizeBlock finalizes and commits a block with the given raw txs.
func (c *Chain) FinalizeBlock(txs [][]byte) *abci.ResponseFinalizeBlock {
	c.t.Helper()
	c.now = c.now.Add(c.BlockTime)
	height := c.nextHeight
	c.nextHeight++
	res, err := c.App.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height: height,
		Time:   c.now,
		Txs:    txs,
	})
	require.NoError(c.t, err, "FinalizeBlock must never fail: the chain would halt")
	_, err = c.App.Commit()
	require.NoError(c.t, err)
	return res
}

// SignTx signs msgs as from (its current account number and sequence) with
// the given fees and gas limit, in sign mode direct and with no memo, and
// returns the encoded tx.
func (c *Chain) SignTx(from Account, fees sdk.Coins, gas uint64, msgs ...sdk.Msg) []byte {
	c.t.Helper()
	acc := c.App.AccountKeeper.GetAccount(c.Ctx(), from.Address)
	require.NotNil(c.t, acc, "account %s does not exist", from.Name)
	cfg := c.App.TxConfig()
	b := cfg.NewTxBuilder()
	require.NoError(c.t, b.SetMsgs(msgs...))
	b.SetFeeAmount(fees)
	b.SetGasLimit(gas)
	sig := signing.SignatureV2{PubKey: from.PrivKey.PubKey(), Data: &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_DIRECT}, Sequence: acc.GetSequence()}
	require.NoError(c.t, b.SetSignatures(sig))
	sig, err := clienttx.SignWithPrivKey(context.Background(), signing.SignMode_SIGN_MODE_DIRECT,
		authsigning.SignerData{ChainID: ChainID, AccountNumber: acc.GetAccountNumber(), Sequence: acc.GetSequence(),
			Address: from.Address.String(), PubKey: from.PrivKey.PubKey()},
		b, from.PrivKey, cfg, acc.GetSequence())
	require.NoError(c.t, err)
	require.NoError(c.t, b.SetSignatures(sig))
	bz, err := cfg.TxEncoder()(b.GetTx())
	require.NoError(c.t, err)
	return bz
}

// DeliverMsgs signs msgs as from, puts them alone in a new block and returns
// the tx result. Gas is DefaultGas, fees zero.
func (c *Chain) DeliverMsgs(from Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	c.t.Helper()
	return c.DeliverTx(c.SignTx(from, nil, DefaultGas, msgs...))
}

// DeliverTx puts one raw tx in a new block and returns its result.
func (c *Chain) DeliverTx(tx []byte) *abci.ExecTxResult {
	c.t.Helper()
	res := c.FinalizeBlock([][]byte{tx})
	require.Len(c.t, res.TxResults, 1)
	return res.TxResults[0]
}

// CheckTx runs a raw tx through CheckTx (mempool admission).
func (c *Chain) CheckTx(tx []byte) *abci.ResponseCheckTx {
	c.t.Helper()
	res, err := c.App.CheckTx(&abci.RequestCheckTx{Tx: tx, Type: abci.CheckTxType_New})
	require.NoError(c.t, err)
	return res
}

// Balance returns addr's balance of denom.
func (c *Chain) Balance(addr sdk.AccAddress, denom string) sdkmath.Int {
	return c.App.BankKeeper.GetBalance(c.Ctx(), addr, denom).Amount
}
