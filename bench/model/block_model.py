#!/usr/bin/env python3
"""Predicts block throughput on more cores than this machine has.

A discrete-event simulation of host/block.cc's scheduler, fed with costs
measured by block_bench on one thread:

  exec_us    running one transfer (its execution and its digest delta),
  commit_us  the committing thread's serial work per transfer (validation,
             applying writes, the digest sum, the analyzer),
  finish_us  per transfer, collecting the block's writes and digest at the end,
  write_us   per transfer, writing the block's batch (CommitBlock).

Each of N workers, as host/block.cc does, commits the next transaction in
order when it is ready and nobody else is committing (running it itself if
nobody has), else runs the next transaction ahead of the commit point (at most
WINDOW ahead), else waits. A transaction run ahead is valid at commit unless
it pays the hot account and a transaction applied since it began paid the hot
account too (then the committing thread runs it again). When at least 8 of the
last 16 validations failed, nobody runs ahead for the next 128 transactions.
Not modelled: lock and cache contention between cores, memory bandwidth, and
the machine's other load; the prediction is an upper bound in that sense.

usage: block_model.py EXEC_US COMMIT_US FINISH_US WRITE_US [--threads 1,2,...]
       [--conflicts 0,10,50,100] [--block 10000]
"""
import argparse
import heapq
import random

WINDOW = 64
RECENT, STALE_LIMIT, SEQUENTIAL_RUN = 16, 8, 128


def simulate(n_tx, threads, conflict, exec_us, commit_us, seed=1):
    """Returns (microseconds to execute the block, re-executions)."""
    rng = random.Random(seed)
    hot = [rng.random() < conflict for _ in range(n_tx)]
    now = 0.0
    executed = {}          # tx -> applied count when its execution began
    running = set()
    next_start = 0
    next_commit = 0
    applied_hot = []       # prefix count of hot transactions applied
    committing = False
    sequential_until = 0
    recent = stale = 0
    reexecutions = 0
    events = []            # (time, seq, kind, worker, tx)
    seq = 0
    idle = list(range(threads))

    def hot_applied_between(a, b):
        return applied_hot[b] - applied_hot[a] if b > a else 0

    applied_hot.append(0)
    while next_commit < n_tx:
        # Hand work to idle workers, as Work() does.
        progressed = True
        while idle and progressed:
            progressed = False
            w = idle[-1]
            k = next_commit
            if not committing and k < n_tx and k not in running:
                committing = True
                idle.pop()
                if k in executed:
                    began = executed.pop(k)
                    valid = not (hot[k] and hot_applied_between(began, k))
                    recent += 1
                    stale += 0 if valid else 1
                    if recent == RECENT:
                        if stale >= STALE_LIMIT:
                            sequential_until = next_commit + SEQUENTIAL_RUN
                        recent = stale = 0
                    cost = commit_us + (0 if valid else exec_us)
                    reexecutions += 0 if valid else 1
                else:
                    next_start = k + 1
                    cost = exec_us + commit_us
                seq += 1
                heapq.heappush(events, (now + cost, seq, "commit", w, k))
                progressed = True
            elif (next_start < n_tx and next_start < next_commit + WINDOW
                  and next_commit >= sequential_until):
                i = next_start
                next_start += 1
                running.add(i)
                idle.pop()
                seq += 1
                heapq.heappush(events, (now + exec_us, seq, "run", w,
                                        (i, next_commit)))
                progressed = True
        now, _, kind, w, what = heapq.heappop(events)
        idle.append(w)
        if kind == "commit":
            committing = False
            applied_hot.append(applied_hot[-1] + (1 if hot[what] else 0))
            next_commit += 1
        else:
            i, began = what
            running.discard(i)
            executed[i] = began
    return now, reexecutions


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("exec_us", type=float)
    parser.add_argument("commit_us", type=float)
    parser.add_argument("finish_us", type=float)
    parser.add_argument("write_us", type=float)
    parser.add_argument("--threads", default="1,2,4,8,16,32")
    parser.add_argument("--conflicts", default="0,10,50,100")
    parser.add_argument("--block", type=int, default=10_000)
    args = parser.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    print("conflict%  threads      tx/s  speedup  reexec/tx")
    for conflict in (int(c) for c in args.conflicts.split(",")):
        base = None
        for n in threads:
            run_us, reexec = simulate(args.block, n, conflict / 100,
                                      args.exec_us, args.commit_us)
            total_us = run_us + args.block * (args.finish_us + args.write_us)
            rate = args.block / total_us * 1e6
            base = base or rate
            print(f"{conflict:9d} {n:8d} {rate:9.0f} {rate / base:8.2f} "
                  f"{reexec / args.block:10.3f}")


if __name__ == "__main__":
    main()
