package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Result is one measured run: one case, one target, one number of clients, one round.
type Result struct {
	Case      string  `json:"case"`
	Target    string  `json:"target"`
	Clients   int     `json:"clients"`
	Round     int     `json:"round"`
	N         int     `json:"n"`
	Errors    int     `json:"errors"`
	FirstErr  string  `json:"first_error,omitempty"`
	Seconds   float64 `json:"seconds"`
	RPS       float64 `json:"rps"`
	P50ms     float64 `json:"p50_ms"`
	P99ms     float64 `json:"p99_ms"`
	MeanMs    float64 `json:"mean_ms"`
	RSSMaxMB  float64 `json:"rss_max_mb"`
	CPUCores  float64 `json:"target_cpu_cores"` // the server's CPU seconds per wall second
	Neo4jCPU  float64 `json:"neo4j_cpu_cores"`
	SelfCPU   float64 `json:"loadgen_cpu_cores"`
	Load1     float64 `json:"loadavg1"`
	RespBytes int64   `json:"resp_bytes_per_req"`
	Time      string  `json:"time"`
}

// loader runs cases against their targets.
type loader struct {
	driver   neo4j.DriverWithContext // nil until a cypher target needs it
	dur      time.Duration
	warm     time.Duration
	neo4jPID int
}

// do sends request i of target t and returns the response size.
func (l *loader) do(ctx context.Context, t *Target, i int) (int64, error) {
	switch t.Kind {
	case "http":
		b, err := post(ctx, t.URL, t.Bodies[i%len(t.Bodies)], t.Headers)
		return int64(len(b)), err
	case "cypher":
		var params map[string]any
		if len(t.Params) > 0 {
			params = t.Params[i%len(t.Params)]
		}
		res, err := neo4j.ExecuteQuery(ctx, l.driver, t.Cypher, params, neo4j.EagerResultTransformer)
		if err != nil {
			return 0, err
		}
		return int64(len(res.Records)), nil
	}
	return 0, fmt.Errorf("unknown target kind %q", t.Kind)
}

type runStats struct {
	errors   atomic.Int64
	bytes    atomic.Int64
	mu       sync.Mutex
	firstErr string
}

// phase runs `clients` closed-loop workers for d; it keeps the latencies of successful
// requests when lats is not nil. Every request is bounded, so every phase ends.
func (l *loader) phase(t *Target, clients int, d time.Duration, lats *[]time.Duration) *runStats {
	st := &runStats{}
	deadline := time.Now().Add(d)
	if t.cursor == nil {
		t.cursor = new(atomic.Int64)
	}
	next := t.cursor
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(deadline) {
				i := int(next.Add(1) - 1)
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				start := time.Now()
				n, err := l.do(ctx, t, i)
				took := time.Since(start)
				cancel()
				st.bytes.Add(n)
				if err != nil {
					st.errors.Add(1)
					st.mu.Lock()
					if st.firstErr == "" {
						st.firstErr = err.Error()
					}
					st.mu.Unlock()
					continue
				}
				mine = append(mine, took)
			}
			if lats != nil {
				mu.Lock()
				*lats = append(*lats, mine...)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return st
}

// run measures one target: a warm-up, then `clients` workers for the duration, sampling
// the server's RSS every 250 ms.
func (l *loader) run(caseName string, t *Target, clients, round int) Result {
	l.phase(t, clients, l.warm, nil)
	var rssMax atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	if t.PID > 0 {
		wg.Go(func() {
			tick := time.NewTicker(250 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					if v := uint64(rssMB(t.PID)); v > rssMax.Load() {
						rssMax.Store(v)
					}
				}
			}
		})
	}
	cpu0, neo0, self0 := cpuSeconds(t.PID), cpuSeconds(l.neo4jPID), cpuSeconds(os.Getpid())
	start := time.Now()
	var lats []time.Duration
	st := l.phase(t, clients, l.dur, &lats)
	elapsed := time.Since(start).Seconds()
	cpu1, neo1, self1 := cpuSeconds(t.PID), cpuSeconds(l.neo4jPID), cpuSeconds(os.Getpid())
	close(stop)
	wg.Wait()
	res := Result{Case: caseName, Target: t.Name, Clients: clients, Round: round, N: len(lats),
		Errors: int(st.errors.Load()), FirstErr: st.firstErr, Seconds: elapsed, Time: time.Now().UTC().Format(time.RFC3339)}
	res.RPS = float64(len(lats)) / elapsed
	if len(lats) > 0 {
		slices.Sort(lats)
		res.P50ms = ms(lats[len(lats)*50/100])
		res.P99ms = ms(lats[min(len(lats)-1, len(lats)*99/100)])
		var sum time.Duration
		for _, d := range lats {
			sum += d
		}
		res.MeanMs = ms(sum / time.Duration(len(lats)))
		res.RespBytes = st.bytes.Load() / int64(len(lats))
	}
	res.RSSMaxMB = float64(rssMax.Load())
	if t.PID > 0 {
		res.CPUCores = (cpu1 - cpu0) / elapsed
	}
	if l.neo4jPID > 0 {
		res.Neo4jCPU = (neo1 - neo0) / elapsed
	}
	res.SelfCPU = (self1 - self0) / elapsed
	res.Load1 = loadavg()
	return res
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// rssMB is a process's resident memory, 0 when it cannot be read.
func rssMB(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// cpuSeconds is a process's user+system CPU time, children excluded (assumes the usual
// 100 clock ticks per second).
func cpuSeconds(pid int) float64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	s = s[strings.LastIndexByte(s, ')')+2:] // the command name may hold spaces
	f := strings.Fields(s)
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseFloat(f[11], 64)
	sy, _ := strconv.ParseFloat(f[12], 64)
	return (u + sy) / 100
}

func loadavg() float64 {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

func parseInts(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad number %q in %q", f, s)
		}
		out = append(out, n)
	}
	return out, nil
}

func cmdLoad(args []string) error {
	fs := flag.NewFlagSet("load", flag.ExitOnError)
	dir := fs.String("cases", "", "folder of case files")
	only := fs.String("only", "", "comma-separated case names to run (default all)")
	clientsFlag := fs.String("clients", "1,8", "numbers of concurrent clients")
	rounds := fs.Int("rounds", 3, "rounds per number of clients")
	out := fs.String("out", "", "append results here (JSON lines)")
	var l loader
	fs.DurationVar(&l.dur, "dur", 5*time.Second, "measured duration of each run (at most 60s)")
	fs.DurationVar(&l.warm, "warm", time.Second, "warm-up before each run, not recorded")
	fs.IntVar(&l.neo4jPID, "neo4j-pid", 0, "Neo4j's process id, for its CPU share")
	var nf neo4jFlags
	nf.register(fs)
	fs.Parse(args)
	if *dir == "" || *out == "" {
		return fmt.Errorf("load: -cases and -out are required")
	}
	if l.dur <= 0 || l.dur > time.Minute || l.warm < 0 {
		return fmt.Errorf("load: -dur must be in (0, 60s] and -warm not negative")
	}
	clients, err := parseInts(*clientsFlag)
	if err != nil {
		return fmt.Errorf("load: -clients: %w", err)
	}
	cases, err := readCases(*dir)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for s := range strings.SplitSeq(*only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			keep[s] = true
		}
	}
	ctx := context.Background()
	l.driver, err = nf.open(ctx)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	defer l.driver.Close(ctx)
	f, err := os.OpenFile(*out, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for _, c := range cases {
		if len(keep) > 0 && !keep[c.Name] {
			continue
		}
		for i := range c.Targets {
			for j, p := range c.Targets[i].Params {
				c.Targets[i].Params[j] = cypherParams(p)
			}
		}
		// Each round runs every target in turn, so they all see the same noise of the
		// shared machine; the table compares targets within a round.
		for _, n := range clients {
			for r := 1; r <= *rounds; r++ {
				for i := range c.Targets {
					t := &c.Targets[i]
					res := l.run(c.Name, t, n, r)
					if err := enc.Encode(res); err != nil {
						return fmt.Errorf("load: %w", err)
					}
					fmt.Printf("%-15s %-13s clients %-3d round %d %8.1f req/s  p50 %8.2f ms  p99 %8.2f ms  errors %d  rss %5.0f MB  load %.1f\n",
						c.Name, t.Name, n, r, res.RPS, res.P50ms, res.P99ms, res.Errors, res.RSSMaxMB, res.Load1)
					if res.FirstErr != "" {
						fmt.Printf("%-15s %-13s first error: %.200s\n", c.Name, t.Name, res.FirstErr)
					}
				}
			}
		}
	}
	return nil
}
