package dytallix_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	dytallix "github.com/dytallix/dytallix/bindings/go"
)

var blockHeader = dytallix.BlockHeader{Number: 7, Timestamp: 1_700_000_000}

// tokenBlock is alice deploying the token (supply 1000), then transfers, an
// overdraft that reverts and a call to no contract, which is rejected.
func tokenBlock(t *testing.T, token dytallix.Address) []dytallix.Transaction {
	call := func(from, to dytallix.Address, amount uint64) dytallix.Transaction {
		return dytallix.Transaction{Kind: dytallix.TxCall, Sender: from, Contract: token,
			Method: "transfer", Input: toAmount(to, amount)}
	}
	rejected := call(alice, bob, 1)
	rejected.Contract = dytallix.Address{}
	return []dytallix.Transaction{
		{Kind: dytallix.TxDeploy, Sender: alice, Code: readContract(t, "token.wasm"),
			Input: u64(1000)},
		call(alice, bob, 250),
		call(bob, carol, 100),
		call(alice, carol, 5000), // reverts
		rejected,
		call(carol, bob, 10),
	}
}

// tokenAddress executes the deploy alone, without committing it: where the
// block's token will be.
func tokenAddress(t *testing.T, rt *dytallix.Runtime) dytallix.Address {
	t.Helper()
	probe, err := rt.ExecuteBlock(blockHeader, tokenBlock(t, dytallix.Address{})[:1],
		dytallix.BlockOptions{})
	if err != nil || !probe.Transactions[0].OK() {
		t.Fatalf("the deploy alone: %+v, %v", probe, err)
	}
	probe.Close()
	return probe.Transactions[0].Address
}

func executeBlock(t *testing.T, rt *dytallix.Runtime, txs []dytallix.Transaction,
	parallelism int) *dytallix.BlockResult {
	t.Helper()
	block, err := rt.ExecuteBlock(blockHeader, txs, dytallix.BlockOptions{Parallelism: parallelism})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { block.Close() })
	return block
}

// checkTokenBlock checks what the token block did, as ExecuteBlock reports.
func checkTokenBlock(t *testing.T, block *dytallix.BlockResult, token dytallix.Address) {
	t.Helper()
	if block.Header != blockHeader || len(block.Transactions) != 6 ||
		block.Stats.Executions < 6 {
		t.Fatalf("block: %+v", block)
	}
	var gas uint64
	for i, tx := range block.Transactions {
		gas += tx.Outcome.GasUsed
		if tx.Outcome.TxIndex != uint32(i) {
			t.Errorf("transaction %d ran at index %d", i, tx.Outcome.TxIndex)
		}
	}
	if gas != block.GasUsed {
		t.Errorf("gas used %d, the transactions' sum %d", block.GasUsed, gas)
	}
	deploy := block.Transactions[0]
	if !deploy.OK() || deploy.Address != token || deploy.CodeHash == (dytallix.Hash{}) ||
		len(deploy.Outcome.Events) != 1 || deploy.Outcome.Events[0].Topic != "mint" ||
		deploy.Outcome.Events[0].Block != 7 || deploy.Outcome.Events[0].Timestamp != 1_700_000_000 {
		t.Errorf("deploy: %+v", deploy)
	}
	moved := block.Transactions[1]
	want := append(append(alice[:], bob[:]...), u64(250)...)
	if !moved.OK() || len(moved.Outcome.Events) != 1 || moved.Address != (dytallix.Address{}) ||
		!bytes.Equal(moved.Outcome.Events[0].Data, want) || moved.Outcome.Events[0].TxIndex != 1 {
		t.Errorf("transfer: %+v", moved)
	}
	overdraft := block.Transactions[3]
	if overdraft.Err != nil || overdraft.Outcome.Status != dytallix.StatusReverted ||
		string(overdraft.Outcome.Output) != "insufficient balance" || overdraft.Outcome.Events != nil ||
		!strings.Contains(overdraft.Outcome.Trace, " transfer in ") ||
		overdraft.Outcome.GasReport.Used != overdraft.Outcome.GasUsed {
		t.Errorf("overdraft: %+v", overdraft)
	}
	rejected := block.Transactions[4]
	var apiErr *dytallix.Error
	if !errors.Is(rejected.Err, dytallix.ErrNotFound) || !errors.As(rejected.Err, &apiErr) ||
		apiErr.Message == "" || rejected.OK() || rejected.Outcome.GasUsed != 0 {
		t.Errorf("call to no contract: %+v", rejected)
	}
}

// The token block on two runtimes, on one thread and on two: the same
// results and digest; committed, the state the digest names.
func TestBlockParallelismGivesSameResults(t *testing.T) {
	one, two := openMemory(t), openMemory(t)
	empty := digest(t, one)
	token := tokenAddress(t, one)
	if digest(t, one) != empty {
		t.Fatal("executing a block committed it")
	}
	txs := tokenBlock(t, token)
	serial := executeBlock(t, one, txs, 1)
	parallel := executeBlock(t, two, txs, 2)
	checkTokenBlock(t, serial, token)
	checkTokenBlock(t, parallel, token)
	if serial.Stats.Executions != 6 || serial.Stats.InOrder != 6 {
		t.Errorf("serial stats: %+v", serial.Stats)
	}
	if serial.StateDigest != parallel.StateDigest || serial.StateDigest == empty ||
		serial.GasUsed != parallel.GasUsed {
		t.Errorf("serial %v, %d gas; parallel %v, %d gas", serial.StateDigest,
			serial.GasUsed, parallel.StateDigest, parallel.GasUsed)
	}
	if !reflect.DeepEqual(serial.Transactions, parallel.Transactions) {
		t.Errorf("serial %+v\nparallel %+v", serial.Transactions, parallel.Transactions)
	}

	// Each runtime commits only its own block, once.
	if err := two.CommitBlock(serial); !errors.Is(err, dytallix.ErrInvalidArgument) {
		t.Errorf("commit on another runtime: %v", err)
	}
	for _, commit := range []struct {
		rt    *dytallix.Runtime
		block *dytallix.BlockResult
	}{{one, serial}, {two, parallel}} {
		if err := commit.rt.CommitBlock(commit.block); err != nil {
			t.Fatal(err)
		}
		if d := digest(t, commit.rt); d != serial.StateDigest {
			t.Errorf("committed digest %v, the block's %v", d, serial.StateDigest)
		}
	}
	if err := one.CommitBlock(serial); !errors.Is(err, dytallix.ErrInvalidArgument) {
		t.Errorf("second commit: %v", err)
	}
	for holder, want := range map[dytallix.Address]uint64{alice: 750, bob: 160, carol: 90} {
		if got := balance(t, two, token, holder); got != want {
			t.Errorf("%v has %d, want %d", holder, got, want)
		}
	}
	committed, err := one.Events(dytallix.EventFilter{Contract: &token, FromBlock: 7})
	var events []dytallix.Event
	for _, tx := range serial.Transactions {
		events = append(events, tx.Outcome.Events...)
	}
	if err != nil || !reflect.DeepEqual(committed, events) {
		t.Errorf("committed events %+v, %v\nthe block's %+v", committed, err, events)
	}
}

func TestApplyBlock(t *testing.T) {
	applied, executed := openMemory(t), openMemory(t)
	token := tokenAddress(t, applied)
	txs := tokenBlock(t, token)
	block, err := applied.ApplyBlock(blockHeader, txs, dytallix.BlockOptions{Parallelism: 2})
	if err != nil {
		t.Fatal(err)
	}
	checkTokenBlock(t, block, token)
	if digest(t, applied) != block.StateDigest || balance(t, applied, token, carol) != 90 {
		t.Error("ApplyBlock did not commit the block")
	}
	if err := applied.CommitBlock(block); !errors.Is(err, dytallix.ErrInvalidArgument) {
		t.Errorf("commit of an applied block: %v", err)
	}

	// A commit in between makes the executed block stale.
	stale := executeBlock(t, executed, txs, 1)
	if _, err := executed.Deploy(dytallix.DeployRequest{Sender: carol,
		Code: readContract(t, "token.wasm"), Input: u64(1)}); err != nil {
		t.Fatal(err)
	}
	if err := executed.CommitBlock(stale); !errors.Is(err, dytallix.ErrAborted) {
		t.Errorf("commit of a stale block: %v", err)
	}
	closed := executeBlock(t, executed, txs, 1)
	closed.Close()
	closed.Close()
	if err := executed.CommitBlock(closed); !errors.Is(err, dytallix.ErrInvalidArgument) {
		t.Errorf("commit of a closed block: %v", err)
	}

	empty, err := executed.ApplyBlock(dytallix.BlockHeader{Number: 8}, nil, dytallix.BlockOptions{})
	if err != nil || len(empty.Transactions) != 0 || empty.StateDigest != digest(t, executed) {
		t.Errorf("empty block: %+v, %v", empty, err)
	}
}

// Outputs longer than the first buffer are read again whole; malformed
// transactions fail the block before it runs.
func TestBlockOutputsAndErrors(t *testing.T) {
	rt := openMemory(t)
	deployed, err := rt.Deploy(dytallix.DeployRequest{Code: readContract(t, "hostcalls.wasm")})
	if err != nil || !deployed.Init.OK() {
		t.Fatalf("deploy hostcalls: %v %v", deployed, err)
	}
	input := bytes.Repeat([]byte("0123456789"), 100) // longer than the first buffer
	echo := dytallix.Transaction{Contract: deployed.Address, Method: "echo", Input: input}
	block := executeBlock(t, rt, []dytallix.Transaction{echo, echo}, 2)
	for i, tx := range block.Transactions {
		if !tx.OK() || !bytes.Equal(tx.Outcome.Output, input) || tx.Outcome.OutputLen != len(input) {
			t.Errorf("echo %d: %d bytes of %d, %v", i, len(tx.Outcome.Output), tx.Outcome.OutputLen, tx.Err)
		}
	}

	for name, txs := range map[string][]dytallix.Transaction{
		"NUL in method": {{Contract: deployed.Address, Method: "ec\x00ho"}},
		"unknown kind":  {{Kind: 7}},
	} {
		if _, err := rt.ExecuteBlock(blockHeader, txs, dytallix.BlockOptions{}); !errors.Is(err, dytallix.ErrInvalidArgument) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := rt.ExecuteBlock(blockHeader, nil, dytallix.BlockOptions{Parallelism: -1}); !errors.Is(err, dytallix.ErrInvalidArgument) {
		t.Errorf("negative parallelism: %v", err)
	}
	reader, err := dytallix.Open(dytallix.Config{})
	if err != nil {
		t.Fatal(err)
	}
	pending := executeBlock(t, reader, []dytallix.Transaction{echo}, 1)
	reader.Close()
	if err := reader.CommitBlock(pending); !errors.Is(err, dytallix.ErrClosed) {
		t.Errorf("commit after Close: %v", err)
	}
	pending.Close() // frees the block after its runtime
}
