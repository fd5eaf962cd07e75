package dytallix_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	dytallix "github.com/dytallix/dytallix/bindings/go"
)

// DYTALLIX_CONTRACTS is the build's contracts directory (BUILD/contracts),
// holding token.wasm and hostcalls.wasm; the go/test ctest sets it.
var contractsDir = os.Getenv("DYTALLIX_CONTRACTS")

func TestMain(m *testing.M) {
	if contractsDir == "" {
		fmt.Fprintln(os.Stderr, "set DYTALLIX_CONTRACTS to the CMake build's "+
			"contracts directory (e.g. build/release/contracts)")
		os.Exit(2)
	}
	os.Exit(m.Run())
}

var (
	alice = address(0xa1)
	bob   = address(0xb0)
	carol = address(0xc4)
)

func address(fill byte) (a dytallix.Address) {
	for i := range a {
		a[i] = fill
	}
	return a
}

func u64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

// toAmount is the token's input for transfer and mint: to ‖ amount.
func toAmount(to dytallix.Address, amount uint64) []byte {
	return append(to[:], u64(amount)...)
}

func readContract(t *testing.T, name string) []byte {
	t.Helper()
	code, err := os.ReadFile(filepath.Join(contractsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func openMemory(t *testing.T) *dytallix.Runtime {
	t.Helper()
	rt, err := dytallix.Open(dytallix.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close() })
	return rt
}

// deployToken deploys the token with `supply` minted to alice at block 1.
func deployToken(t *testing.T, rt *dytallix.Runtime, supply uint64) dytallix.Address {
	t.Helper()
	deployed, err := rt.Deploy(dytallix.DeployRequest{
		Sender: alice, Code: readContract(t, "token.wasm"), Input: u64(supply), Block: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !deployed.Init.OK() {
		t.Fatalf("init %v: %q", deployed.Init.Status, deployed.Init.Output)
	}
	return deployed.Address
}

func transfer(token, from, to dytallix.Address, amount uint64) dytallix.CallRequest {
	return dytallix.CallRequest{Sender: from, Contract: token, Method: "transfer",
		Input: toAmount(to, amount), Block: 2}
}

func balance(t *testing.T, rt *dytallix.Runtime, token, holder dytallix.Address) uint64 {
	t.Helper()
	outcome, err := rt.Query(dytallix.CallRequest{Contract: token, Method: "balance",
		Input: holder[:]})
	if err != nil {
		t.Fatal(err)
	}
	if !outcome.OK() || len(outcome.Output) != 8 {
		t.Fatalf("balance: %v, output %x", outcome.Status, outcome.Output)
	}
	return binary.LittleEndian.Uint64(outcome.Output)
}

func digest(t *testing.T, rt *dytallix.Runtime) dytallix.Hash {
	t.Helper()
	d, err := rt.StateDigest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDeployTokenAndTransfer(t *testing.T) {
	rt := openMemory(t)
	empty := digest(t, rt)
	deployed, err := rt.Deploy(dytallix.DeployRequest{
		Sender: alice, Code: readContract(t, "token.wasm"), Input: u64(1000), Block: 1})
	if err != nil {
		t.Fatal(err)
	}
	init := deployed.Init
	if !init.OK() || init.GasUsed == 0 || len(init.Events) != 1 {
		t.Fatalf("init: %+v", init)
	}
	if mint := init.Events[0]; mint.Topic != "mint" || mint.Contract != deployed.Address ||
		!bytes.Equal(mint.Data, toAmount(alice, 1000)) || mint.Block != 1 {
		t.Errorf("mint event: %+v", mint)
	}
	token := deployed.Address
	afterDeploy := digest(t, rt)
	if afterDeploy == empty {
		t.Error("the state digest did not change with the deploy")
	}

	info, err := rt.Contract(token)
	if err != nil {
		t.Fatal(err)
	}
	if info.Deployer != alice || info.DeployBlock != 1 || info.CodeHash == (dytallix.Hash{}) {
		t.Errorf("contract info: %+v", info)
	}

	estimate, err := rt.EstimateGas(transfer(token, alice, bob, 250))
	if err != nil || !estimate.OK() || estimate.GasUsed == 0 || estimate.Events != nil {
		t.Fatalf("estimate: %+v, %v", estimate, err)
	}
	if digest(t, rt) != afterDeploy {
		t.Error("EstimateGas changed the state")
	}
	outcome, err := rt.Call(transfer(token, alice, bob, 250))
	if err != nil {
		t.Fatal(err)
	}
	if !outcome.OK() || outcome.GasUsed != estimate.GasUsed || len(outcome.Output) != 0 {
		t.Errorf("transfer: %+v (estimate %d gas)", outcome, estimate.GasUsed)
	}
	want := append(append(alice[:], bob[:]...), u64(250)...)
	if len(outcome.Events) != 1 || outcome.EventCount != 1 ||
		outcome.Events[0].Topic != "transfer" || !bytes.Equal(outcome.Events[0].Data, want) ||
		outcome.Events[0].TxIndex != outcome.TxIndex || outcome.Events[0].Block != 2 {
		t.Errorf("transfer events: %+v", outcome.Events)
	}
	if got := balance(t, rt, token, alice); got != 750 {
		t.Errorf("alice has %d, want 750", got)
	}
	if got := balance(t, rt, token, bob); got != 250 {
		t.Errorf("bob has %d, want 250", got)
	}
	if d := digest(t, rt); d == afterDeploy {
		t.Error("the state digest did not change with the transfer")
	}
}

func TestRevertKeepsState(t *testing.T) {
	rt := openMemory(t)
	token := deployToken(t, rt, 100)
	before := digest(t, rt)
	outcome, err := rt.Call(transfer(token, alice, bob, 101))
	if err != nil {
		t.Fatal(err)
	}
	if outcome.Status != dytallix.StatusReverted ||
		string(outcome.Output) != "insufficient balance" || outcome.Events != nil {
		t.Errorf("overdraft: %+v", outcome)
	}
	if outcome.Status.String() != "reverted" {
		t.Errorf("status name %q", outcome.Status)
	}
	if digest(t, rt) != before || balance(t, rt, token, alice) != 100 {
		t.Error("a reverted transfer changed the state")
	}
	// Its stack trace, a line per frame, the method outermost; queries
	// report it too.
	if !strings.HasPrefix(outcome.Trace, "function ") || !strings.Contains(outcome.Trace, " transfer in ") {
		t.Errorf("trace %q", outcome.Trace)
	}
	query, err := rt.Query(transfer(token, alice, bob, 101))
	if err != nil || query.Trace != outcome.Trace {
		t.Errorf("query trace %q, %v", query.Trace, err)
	}
}

// The gas report adds up to the gas used.
func TestGasReport(t *testing.T) {
	rt := openMemory(t)
	token := deployToken(t, rt, 100)
	request := transfer(token, alice, bob, 1)
	request.GasLimit = 1_000_000
	outcome, err := rt.Call(request)
	if err != nil || !outcome.OK() || outcome.Trace != "" {
		t.Fatalf("transfer: %+v, %v", outcome, err)
	}
	r := outcome.GasReport
	if r.Used != outcome.GasUsed || r.Limit != 1_000_000 || r.Limit != r.Used+r.Remaining ||
		r.Loading == 0 || r.Wasm == 0 || r.HostStorage == 0 || r.HostEvents == 0 ||
		r.Loading+r.Instantiate+r.Wasm+r.HostStorage+r.HostEvents+r.HostCalls+r.HostOther != r.Used {
		t.Errorf("gas report %+v, gas used %d", r, outcome.GasUsed)
	}
}

func TestOutOfGas(t *testing.T) {
	rt := openMemory(t)
	token := deployToken(t, rt, 100)
	request := transfer(token, alice, bob, 1)
	request.GasLimit = 5
	outcome, err := rt.Call(request)
	if err != nil {
		t.Fatal(err)
	}
	if outcome.Status != dytallix.StatusOutOfGas || outcome.GasUsed != 5 || outcome.Message == "" {
		t.Errorf("starved transfer: %+v", outcome)
	}
	if balance(t, rt, token, bob) != 0 {
		t.Error("an out-of-gas transfer moved tokens")
	}
}

func TestErrors(t *testing.T) {
	rt := openMemory(t)
	token := deployToken(t, rt, 100)
	nobody := dytallix.Address{}

	_, err := rt.Call(transfer(nobody, alice, bob, 1))
	var apiErr *dytallix.Error
	if !errors.Is(err, dytallix.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Message == "" {
		t.Errorf("call to no contract: %v", err)
	}
	if _, err := rt.Contract(nobody); !errors.Is(err, dytallix.ErrNotFound) {
		t.Errorf("contract info of no contract: %v", err)
	}
	if _, err := rt.Query(dytallix.CallRequest{Contract: token, Method: "no_such"}); !errors.Is(err, dytallix.ErrNotFound) {
		t.Errorf("no such method: %v", err)
	}
	if _, err := rt.Call(dytallix.CallRequest{Contract: token, Method: "bal\x00ance"}); !errors.Is(err, dytallix.ErrInvalidArgument) {
		t.Errorf("method with a NUL: %v", err)
	}
	_, err = rt.Deploy(dytallix.DeployRequest{Code: []byte{1, 2, 3, 4}})
	if !errors.Is(err, dytallix.ErrInvalidArgument) || errors.Is(err, dytallix.ErrNotFound) {
		t.Errorf("junk module: %v", err)
	}
	if _, err := rt.Deploy(dytallix.DeployRequest{}); !errors.Is(err, dytallix.ErrInvalidArgument) {
		t.Errorf("empty module: %v", err)
	}
	_, err = dytallix.Open(dytallix.Config{DBPath: filepath.Join(t.TempDir(), "none")})
	if !errors.Is(err, dytallix.ErrNotFound) {
		t.Errorf("open of a missing store: %v", err)
	}
	if _, err := dytallix.ParseAddress("xyz"); !errors.Is(err, dytallix.ErrInvalidArgument) {
		t.Errorf("bad address: %v", err)
	}
	if a, err := dytallix.ParseAddress(alice.String()); err != nil || a != alice {
		t.Errorf("address round trip: %v %v", a, err)
	}
}

func TestEventPaging(t *testing.T) {
	rt := openMemory(t)
	token := deployToken(t, rt, 1000)
	for i := uint64(1); i <= 7; i++ {
		if outcome, err := rt.Call(transfer(token, alice, bob, i)); err != nil || !outcome.OK() {
			t.Fatalf("transfer %d: %v %v", i, outcome, err)
		}
	}
	all, err := rt.Events(dytallix.EventFilter{Contract: &token, Topic: "transfer"})
	if err != nil || len(all) != 7 {
		t.Fatalf("all transfers: %d events, %v", len(all), err)
	}
	var paged []dytallix.Event
	filter := dytallix.EventFilter{Contract: &token, Topic: "transfer", Limit: 3}
	for pages := 0; ; pages++ {
		page, err := rt.Events(filter)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			if pages != 3 {
				t.Errorf("%d pages, want 3", pages)
			}
			break
		}
		paged = append(paged, page...)
		cursor := page[len(page)-1].Cursor()
		filter.After = &cursor
	}
	if fmt.Sprint(paged) != fmt.Sprint(all) {
		t.Errorf("paged %v\nwant %v", paged, all)
	}
	for i, event := range all {
		if amount := binary.LittleEndian.Uint64(event.Data[64:]); amount != uint64(i+1) {
			t.Errorf("event %d moved %d", i, amount)
		}
	}
	mints, err := rt.Events(dytallix.EventFilter{Topic: "mint"})
	if err != nil || len(mints) != 1 {
		t.Errorf("mints: %v, %v", mints, err)
	}
	none, err := rt.Events(dytallix.EventFilter{FromBlock: 3})
	if err != nil || len(none) != 0 {
		t.Errorf("events from block 3: %v, %v", none, err)
	}
}

// Query and EstimateGas run again when the output does not fit their first
// buffer; Call reports a cut output with ErrOutputTruncated.
func TestLongOutputs(t *testing.T) {
	rt, err := dytallix.Open(dytallix.Config{MaxCallOutput: 16})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	deployed, err := rt.Deploy(dytallix.DeployRequest{Code: readContract(t, "hostcalls.wasm")})
	if err != nil || !deployed.Init.OK() {
		t.Fatalf("deploy hostcalls: %v %v", deployed, err)
	}
	input := bytes.Repeat([]byte("0123456789"), 100)
	echo := dytallix.CallRequest{Contract: deployed.Address, Method: "echo", Input: input}
	for name, run := range map[string]func(dytallix.CallRequest) (*dytallix.Outcome, error){
		"query": rt.Query, "estimate": rt.EstimateGas} {
		outcome, err := run(echo)
		if err != nil || !bytes.Equal(outcome.Output, input) || outcome.OutputLen != len(input) {
			t.Errorf("%s echo: %d bytes of %d, %v", name, len(outcome.Output), outcome.OutputLen, err)
		}
	}
	outcome, err := rt.Call(echo)
	if !errors.Is(err, dytallix.ErrOutputTruncated) || outcome == nil ||
		!bytes.Equal(outcome.Output, input[:16]) || outcome.OutputLen != len(input) {
		t.Errorf("call echo: %+v, %v", outcome, err)
	}
}

func TestConcurrentRequests(t *testing.T) {
	rt := openMemory(t)
	token := deployToken(t, rt, 1000)
	const goroutines, rounds = 32, 20
	var wg sync.WaitGroup
	failures := make(chan error, goroutines*rounds)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				outcome, err := rt.Query(dytallix.CallRequest{Contract: token,
					Method: "total_supply"})
				if err != nil || !outcome.OK() || binary.LittleEndian.Uint64(outcome.Output) != 1000 {
					failures <- fmt.Errorf("query: %v %v", outcome, err)
				}
				if g%8 == 0 { // a few writers on the same contract: retry aborts
					failures <- transferRetrying(rt, token, 1)
				}
			}
		}(g)
	}
	wg.Wait()
	close(failures)
	for err := range failures {
		if err != nil {
			t.Error(err)
		}
	}
	moved := uint64(goroutines / 8 * rounds)
	if got := balance(t, rt, token, carol); got != moved {
		t.Errorf("carol has %d, want %d", got, moved)
	}
}

func transferRetrying(rt *dytallix.Runtime, token dytallix.Address, amount uint64) error {
	for {
		outcome, err := rt.Call(transfer(token, alice, carol, amount))
		if errors.Is(err, dytallix.ErrAborted) {
			continue
		}
		if err != nil || !outcome.OK() {
			return fmt.Errorf("transfer: %v %v", outcome, err)
		}
		return nil
	}
}

func TestUseAfterClose(t *testing.T) {
	rt, err := dytallix.Open(dytallix.Config{})
	if err != nil {
		t.Fatal(err)
	}
	token := deployToken(t, rt, 10)
	// Requests racing with Close either run or see ErrClosed.
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				_, err := rt.Query(dytallix.CallRequest{Contract: token, Method: "total_supply"})
				if errors.Is(err, dytallix.ErrClosed) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	if err := rt.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	call := transfer(token, alice, bob, 1)
	checks := map[string]error{}
	_, checks["deploy"] = rt.Deploy(dytallix.DeployRequest{Code: readContract(t, "token.wasm")})
	_, checks["call"] = rt.Call(call)
	_, checks["query"] = rt.Query(call)
	_, checks["estimate"] = rt.EstimateGas(call)
	_, checks["events"] = rt.Events(dytallix.EventFilter{})
	_, checks["contract"] = rt.Contract(token)
	_, checks["digest"] = rt.StateDigest()
	_, checks["note"] = rt.OpenNote()
	_, checks["metrics"] = rt.CacheMetrics()
	_, checks["execute block"] = rt.ExecuteBlock(dytallix.BlockHeader{}, nil, dytallix.BlockOptions{})
	_, checks["apply block"] = rt.ApplyBlock(dytallix.BlockHeader{}, nil, dytallix.BlockOptions{})
	checks["pin"] = rt.Pin(token)
	checks["unpin"] = rt.Unpin(token)
	checks["close"] = rt.Close()
	for name, err := range checks {
		if !errors.Is(err, dytallix.ErrClosed) {
			t.Errorf("%s after Close: %v", name, err)
		}
	}
}

func TestStoreOnDisk(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	rt, err := dytallix.Open(dytallix.Config{DBPath: dir, Mode: dytallix.OpenCreate})
	if err != nil {
		t.Fatal(err)
	}
	token := deployToken(t, rt, 50)
	if _, err := rt.Call(transfer(token, alice, bob, 20)); err != nil {
		t.Fatal(err)
	}
	written := digest(t, rt)
	if _, err := dytallix.Open(dytallix.Config{DBPath: dir}); !errors.Is(err, dytallix.ErrUnavailable) {
		t.Errorf("second writer: %v", err)
	}
	reader, err := dytallix.Open(dytallix.Config{DBPath: dir, Mode: dytallix.OpenReadOnly})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reader.Call(transfer(token, alice, bob, 1)); !errors.Is(err, dytallix.ErrFailedPrecondition) {
		t.Errorf("call on a read-only runtime: %v", err)
	}
	reader.Close()
	rt.Close()

	reopened, err := dytallix.Open(dytallix.Config{DBPath: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	if digest(t, reopened) != written || balance(t, reopened, token, bob) != 20 {
		t.Error("the reopened store differs")
	}
}

// The anomaly callback crosses from C into Go: ten cheap echoes, then a
// burn to the gas limit is a gas spike.
func TestAnomalyCallback(t *testing.T) {
	var mu sync.Mutex
	var seen []dytallix.Anomaly
	rt, err := dytallix.Open(dytallix.Config{OnAnomaly: func(a dytallix.Anomaly) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, a)
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	deployed, err := rt.Deploy(dytallix.DeployRequest{Code: readContract(t, "hostcalls.wasm")})
	if err != nil || !deployed.Init.OK() {
		t.Fatalf("deploy hostcalls: %v %v", deployed, err)
	}
	request := dytallix.CallRequest{Contract: deployed.Address, Method: "echo"}
	for i := 0; i < 10; i++ {
		if _, err := rt.Call(request); err != nil {
			t.Fatal(err)
		}
	}
	request.Method, request.GasLimit = "burn", 1_000_000
	if outcome, err := rt.Call(request); err != nil || outcome.Status != dytallix.StatusOutOfGas {
		t.Fatalf("burn: %v %v", outcome, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0].Code != "gas-spike" || seen[0].Method != "burn" ||
		seen[0].Contract != deployed.Address || seen[0].GasUsed != 1_000_000 {
		t.Errorf("anomalies: %+v", seen)
	}
}

// Pinned code answers lookups from the cache; a one-byte budget keeps
// nothing else.
func TestCachePinning(t *testing.T) {
	rt, err := dytallix.Open(dytallix.Config{CacheBytes: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	token := deployToken(t, rt, 10)
	if err := rt.Pin(dytallix.Address{}); !errors.Is(err, dytallix.ErrNotFound) {
		t.Errorf("pin of no contract: %v", err)
	}
	if err := rt.Pin(token); err != nil {
		t.Fatal(err)
	}
	balance(t, rt, token, alice)
	metrics, err := rt.CacheMetrics()
	if err != nil || metrics.HitsPinned < 1 || metrics.EntriesPinned != 1 ||
		metrics.EntriesMemory != 0 || metrics.ByteBudget != 1 {
		t.Errorf("pinned: %+v, %v", metrics, err)
	}
	if err := rt.Unpin(token); err != nil {
		t.Fatal(err)
	}
	if metrics, _ := rt.CacheMetrics(); metrics.EntriesPinned != 0 || metrics.BytesPinned != 0 {
		t.Errorf("unpinned: %+v", metrics)
	}
}

// What a request costs through the binding; bench/runtime_bench.cc's
// BM_QueryBalance is the same query from C++.
func BenchmarkQueryBalance(b *testing.B) {
	rt, token := benchToken(b)
	request := dytallix.CallRequest{Contract: token, Method: "balance", Input: alice[:]}
	for i := 0; i < b.N; i++ {
		if _, err := rt.Query(request); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCallTransfer(b *testing.B) {
	rt, token := benchToken(b)
	request := transfer(token, alice, bob, 1)
	for i := 0; i < b.N; i++ {
		if outcome, err := rt.Call(request); err != nil || !outcome.OK() {
			b.Fatal(outcome, err)
		}
	}
}

func benchToken(b *testing.B) (*dytallix.Runtime, dytallix.Address) {
	rt, err := dytallix.Open(dytallix.Config{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { rt.Close() })
	code, err := os.ReadFile(filepath.Join(contractsDir, "token.wasm"))
	if err != nil {
		b.Fatal(err)
	}
	deployed, err := rt.Deploy(dytallix.DeployRequest{Sender: alice, Code: code,
		Input: u64(1 << 62)})
	if err != nil || !deployed.Init.OK() {
		b.Fatal(deployed, err)
	}
	return rt, deployed.Address
}
