// Command example is a starting point for node software: it opens a runtime
// (in memory, or a RocksDB store with -db), deploys the example token
// (contracts/token.c, built as BUILD/contracts/token.wasm), transfers, shows
// a reverted transfer, queries both balances and lists the events.
//
//	go run ./example -wasm build/release/contracts/token.wasm [-db DIR]
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"

	dytallix "github.com/dytallix/dytallix/bindings/go"
)

func main() {
	wasm := flag.String("wasm", "", "the token contract's WebAssembly module")
	db := flag.String("db", "", "a RocksDB store directory, created if absent; empty: in memory")
	flag.Parse()
	if *wasm == "" {
		flag.Usage()
		os.Exit(2)
	}
	code, err := os.ReadFile(*wasm)
	if err != nil {
		log.Fatal(err)
	}
	if err := run(code, *db); err != nil {
		log.Fatal(err)
	}
}

func run(code []byte, db string) error {
	rt, err := dytallix.Open(dytallix.Config{DBPath: db, Mode: dytallix.OpenCreate})
	if err != nil {
		return err
	}
	defer rt.Close()

	alice, bob := account(0xa1), account(0xb0)
	deployed, err := rt.Deploy(dytallix.DeployRequest{
		Sender: alice, Code: code, Input: u64(1000), Block: 1})
	if err != nil {
		return err
	}
	if !deployed.Init.OK() {
		return fmt.Errorf("init %v: %s", deployed.Init.Status, deployed.Init.Output)
	}
	token := deployed.Address
	fmt.Printf("deployed token at %v (gas %d)\n", token, deployed.Init.GasUsed)

	for block, amount := range []uint64{250, 5000} {
		if err := transfer(rt, token, alice, bob, amount, uint64(block+2)); err != nil {
			return err
		}
	}
	for _, holder := range []struct {
		name    string
		address dytallix.Address
	}{{"alice", alice}, {"bob", bob}} {
		amount, err := balance(rt, token, holder.address)
		if err != nil {
			return err
		}
		fmt.Printf("balance %s: %d\n", holder.name, amount)
	}
	return printEvents(rt, token)
}

// transfer sends amount from `from` to `to`, retrying a commit conflict with
// a concurrent call on the same contract (ErrAborted: nothing was written).
func transfer(rt *dytallix.Runtime, token, from, to dytallix.Address, amount, block uint64) error {
	request := dytallix.CallRequest{Sender: from, Contract: token, Method: "transfer",
		Input: append(to[:], u64(amount)...), GasLimit: 2_000_000, Block: block}
	outcome, err := rt.Call(request)
	for errors.Is(err, dytallix.ErrAborted) {
		outcome, err = rt.Call(request)
	}
	if err != nil {
		return err // the request could not run: nothing was written
	}
	switch outcome.Status {
	case dytallix.StatusOK:
		fmt.Printf("transfer %d: ok, gas %d, %d event(s)\n", amount, outcome.GasUsed, len(outcome.Events))
	case dytallix.StatusReverted:
		fmt.Printf("transfer %d: reverted: %s (gas %d)\n", amount, outcome.Output, outcome.GasUsed)
	default:
		fmt.Printf("transfer %d: %v: %s (gas %d)\n", amount, outcome.Status, outcome.Message, outcome.GasUsed)
	}
	return nil
}

func balance(rt *dytallix.Runtime, token, holder dytallix.Address) (uint64, error) {
	outcome, err := rt.Query(dytallix.CallRequest{Contract: token, Method: "balance",
		Input: holder[:]})
	if err != nil {
		return 0, err
	}
	if !outcome.OK() || len(outcome.Output) != 8 {
		return 0, fmt.Errorf("balance: %v %s", outcome.Status, outcome.Output)
	}
	return binary.LittleEndian.Uint64(outcome.Output), nil
}

// printEvents lists the token's events, two per page.
func printEvents(rt *dytallix.Runtime, token dytallix.Address) error {
	filter := dytallix.EventFilter{Contract: &token, Limit: 2}
	for {
		events, err := rt.Events(filter)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			break
		}
		for _, e := range events {
			fmt.Printf("event block %d tx %d: %s %x\n", e.Block, e.TxIndex, e.Topic, e.Data)
		}
		next := events[len(events)-1].Cursor()
		filter.After = &next
	}
	digest, err := rt.StateDigest()
	if err != nil {
		return err
	}
	fmt.Printf("state digest: %v\n", digest)
	return nil
}

func account(fill byte) (a dytallix.Address) {
	for i := range a {
		a[i] = fill
	}
	return a
}

func u64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
