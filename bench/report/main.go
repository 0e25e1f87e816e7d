// Command report writes the benchmark report (make bench): bench/report.md,
// a table of every benchmark's median beside the bank-send baseline measured
// in the same run, and bench/report.png, the units committed per second over
// time in every run of every benchmark (drawn by gnuplot).
//
//	go run ./bench/report -in build/bench -out bench
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// result is one load's outcome (bench/loadgen's JSON, with the script's run
// number and the node's CPU time per unit).
type result struct {
	Binary    string       `json:"binary"`
	Unit      string       `json:"unit"`
	Committed int          `json:"committed"`
	Failed    int          `json:"failed"`
	Blocks    int          `json:"blocks"`
	Seconds   float64      `json:"seconds"`
	TxPerSec  float64      `json:"tx_per_sec"`
	MeanMs    float64      `json:"block_mean_ms"`
	MaxMs     float64      `json:"block_max_ms"`
	CPUUnit   float64      `json:"node_cpu_us_per_unit"`
	CPUTx     float64      `json:"node_cpu_us_per_tx"`
	Run       int          `json:"run"`
	Series    [][2]float64 `json:"series"`
	PeakRSSKB float64      `json:"peak_rss_kb"`
}

// suite is one script's results.
type suite struct {
	name, title string
	results     []result
}

// row is one line of the table: a benchmark against its baseline.
type row struct {
	suite, what, unit, baseline string
	phase, base                 string
}

var rows = []row{
	{"compare", "civitasd bank sends (stock wasmd v0.70.3 is the baseline)", "tx", "stock wasmd bank sends", "civitasd", "wasmd"},
	{"voting", "public ballots, Merkle census, batches of 100", "ballot", "bank sends", "ballots", "sends"},
	{"voting", "public ballots with a voter-rule contract", "ballot", "bank sends", "ballots-rule", "sends"},
	{"voting", "secret ballots (encrypted, every proof checked)", "ballot", "bank sends", "ballots-secret", "sends"},
	{"procurement", "sealed bids (one per tx, bond moved)", "bid", "bank sends", "bids", "sends"},
	{"procurement", "bid reveals (one per tx)", "reveal", "bank sends", "reveals", "sends"},
	{"budget", "direct payments (MsgPay: commitment + disbursement)", "payment", "bank sends", "payments", "sends"},
	{"validators4", "public ballots on 4 validators (one machine)", "ballot", "bank sends, 4 validators", "ballots", "sends"},
}

var titles = map[string]string{
	"compare":     "civitasd vs stock wasmd: bank sends",
	"voting":      "x/voting: ballots and bank sends",
	"procurement": "x/procurement: bids, reveals and bank sends",
	"budget":      "x/budget: payments and bank sends",
	"validators4": "four validators: ballots and bank sends",
}

func main() {
	in := flag.String("in", "build/bench", "directory of the scripts' raw results (*.jsonl) and the in-process benchmark output (run.txt)")
	out := flag.String("out", "bench", "directory of report.md and report.png")
	flag.Parse()
	if err := write(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func read(path string) ([]result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []result
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if r.CPUUnit == 0 {
			r.CPUUnit = r.CPUTx
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func values(rs []result, phase string, f func(result) float64) []float64 {
	var v []float64
	for _, r := range rs {
		if r.Binary == phase {
			v = append(v, f(r))
		}
	}
	return v
}

func write(in, out string) error {
	suites := map[string]*suite{}
	var names []string
	for _, name := range []string{"compare", "voting", "procurement", "budget", "validators4"} {
		rs, err := read(filepath.Join(in, name+".jsonl"))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		suites[name] = &suite{name: name, title: titles[name], results: rs}
		names = append(names, name)
	}
	if len(suites) == 0 {
		return fmt.Errorf("no results in %s (run make bench)", in)
	}
	var b strings.Builder
	host, _ := os.Hostname()
	fmt.Fprintf(&b, "# Benchmark report\n\nWritten by `make bench` on %s (%s, %d cores: %s), commit %s.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), host, cores(), cpuModel(), commit())
	b.WriteString("Every figure is the median of the runs of one script, beside the bank sends committed by the same node in the same runs " +
		"(the order of the phases alternates between runs); this machine is noisy, so the ratio is what compares. " +
		"Units are counted in committed blocks only (`bench/loadgen`); node CPU is the node process's user + system time per committed unit.\n\n")
	b.WriteString("| benchmark | median /s | baseline | baseline median /s | ratio | node CPU per unit | node CPU per baseline unit | runs |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		s, ok := suites[r.suite]
		if !ok {
			continue
		}
		rate := median(values(s.results, r.phase, func(x result) float64 { return x.TxPerSec }))
		base := median(values(s.results, r.base, func(x result) float64 { return x.TxPerSec }))
		cpu := median(values(s.results, r.phase, func(x result) float64 { return x.CPUUnit }))
		cpuBase := median(values(s.results, r.base, func(x result) float64 { return x.CPUUnit }))
		if math.IsNaN(rate) {
			continue
		}
		fmt.Fprintf(&b, "| %s | %.0f %s/s | %s | %.0f tx/s | **%.2f** | %s | %s | %d |\n", r.what, rate, r.unit, r.baseline, base, rate/base,
			us(cpu), us(cpuBase), len(values(s.results, r.phase, func(x result) float64 { return 1 })))
	}
	if inproc, err := os.ReadFile(filepath.Join(in, "run.txt")); err == nil {
		b.WriteString("\nIn process (`scripts/bench/run.sh`, `go test -bench` on `./app/...`: a block through the full app, no network):\n\n```\n")
		for _, l := range strings.Split(string(inproc), "\n") {
			if strings.HasPrefix(l, "Benchmark") {
				b.WriteString(l + "\n")
			}
		}
		b.WriteString("```\n")
	}
	b.WriteString("\n![units committed per second over time](report.png)\n\n" +
		"The plot shows, for every run of every benchmark, the units committed per second over time: at each block, the units of the last three blocks over the time they took (block time, from the last block before the load).\n\n## Runs\n")
	for _, name := range names {
		s := suites[name]
		fmt.Fprintf(&b, "\n### %s\n\n| run | phase | committed | failed | seconds | units/s | blocks | block interval mean / max (ms) | node CPU per unit |\n|---|---|---|---|---|---|---|---|---|\n", s.title)
		for _, r := range s.results {
			if r.Binary == "" {
				continue
			}
			fmt.Fprintf(&b, "| %d | %s | %d | %d | %.2f | %.0f %s/s | %d | %.0f / %.0f | %s |\n", r.Run, r.Binary, r.Committed, r.Failed, r.Seconds,
				r.TxPerSec, r.Unit, r.Blocks, r.MeanMs, r.MaxMs, us(r.CPUUnit))
		}
		var rss float64
		for _, r := range s.results {
			rss = math.Max(rss, r.PeakRSSKB)
		}
		if rss > 0 {
			fmt.Fprintf(&b, "\nNode peak RSS: %.0f MiB.\n", rss/1024)
		}
	}
	if err := os.WriteFile(filepath.Join(out, "report.md"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	return plot(suites, names, in, filepath.Join(out, "report.png"))
}

func us(v float64) string {
	if math.IsNaN(v) || v == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f µs", v)
}

// plot draws one panel per suite: units/s against seconds since the start
// of the load, one line per (phase, run).
func plot(suites map[string]*suite, names []string, dataDir, png string) error {
	if _, err := exec.LookPath("gnuplot"); err != nil {
		return fmt.Errorf("gnuplot is not installed (apt-get install gnuplot-nox): %w", err)
	}
	var script strings.Builder
	rowsN := (len(names) + 1) / 2
	fmt.Fprintf(&script, "set terminal pngcairo size 1400,%d font 'sans,9'\nset output '%s'\nset multiplot layout %d,2 title 'Units committed per second over time (at each block: its last three blocks)'\n",
		420*rowsN, png, rowsN)
	script.WriteString("set xlabel 'seconds since the load started'\nset ylabel 'units/s'\nset key outside right top box font 'sans,8'\nset grid\n")
	for _, name := range names {
		s := suites[name]
		var plots []string
		for i, r := range s.results {
			if r.Binary == "" || len(r.Series) == 0 {
				continue
			}
			file := filepath.Join(dataDir, fmt.Sprintf("plot-%s-%d.dat", name, i))
			// Per block, the units of the last window blocks over the
			// time they took (a trailing window: single blocks alternate
			// between short and long intervals).
			const window = 3
			var d strings.Builder
			for k, p := range r.Series {
				from := max(0, k-window+1)
				units := 0.0
				for _, q := range r.Series[from : k+1] {
					units += q[1]
				}
				start := 0.0
				if from > 0 {
					start = r.Series[from-1][0]
				}
				if dt := p[0] - start; dt > 0 {
					fmt.Fprintf(&d, "%.3f %.1f\n", p[0], units/dt)
				}
			}
			if err := os.WriteFile(file, []byte(d.String()), 0o644); err != nil {
				return err
			}
			plots = append(plots, fmt.Sprintf("'%s' using 1:2 with linespoints pt 7 ps 0.4 title '%s run %d'", file, r.Binary, r.Run))
		}
		fmt.Fprintf(&script, "set title '%s'\n", s.title)
		if len(plots) == 0 {
			script.WriteString("plot NaN notitle\n")
			continue
		}
		script.WriteString("plot " + strings.Join(plots, ", \\\n  ") + "\n")
	}
	script.WriteString("unset multiplot\n")
	cmd := exec.Command("gnuplot")
	cmd.Stdin = strings.NewReader(script.String())
	cmd.Stderr = os.Stderr
	return cmd.Run()
}

func cores() int {
	out, err := exec.Command("nproc").Output()
	if err != nil {
		return 0
	}
	var n int
	fmt.Sscan(string(out), &n)
	return n
}

func cpuModel() string {
	bz, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, l := range strings.Split(string(bz), "\n") {
		if strings.HasPrefix(l, "model name") {
			return strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
		}
	}
	return "unknown CPU"
}

func commit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}
