package tracefile

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecssim/ecssim/models"
	"github.com/google/go-cmp/cmp"
)

// collect is a Reporter that keeps what it is told, as lines: file problems as
// file:line:col, the rest marked whole or warning.
type collect struct {
	probs  []Problem
	wholes []string
	lines  []string
}

func (c *collect) InFile(p Problem) {
	c.probs = append(c.probs, p)
	c.lines = append(c.lines, fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg))
}

func (c *collect) Whole(msg string) {
	c.wholes = append(c.wholes, msg)
	c.lines = append(c.lines, "whole: "+msg)
}

func (c *collect) Warn(msg string) { c.lines = append(c.lines, "warning: "+msg) }

// csvMapping is a csv-format mapping of the columns t, e, c, m and n.
var csvMapping = Mapping{Arrival: "t", Departure: "e", CPU: "c", Memory: "m", Count: "n",
	TimeUnit: time.Second, CPUPerUnit: 1, MiBPerUnit: 1}

// limits are ECS's bounds on a task's size on EC2, as package scenarios gives them.
var limits = Limits{MinCPU: 128, MaxCPU: 196608, MinMemoryMiB: 6}

// validModel stands in for ECS's rule for attribute values.
func validModel(s string) bool { return !strings.Contains(s, "!") }

func TestTrace(t *testing.T) {
	openbHeader := "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,creation_time,deletion_time\n"
	tests := []struct {
		name, csv string
		m         Mapping
		want      []Row
		said      []string
	}{{
		name: "csv rows, a departure and none",
		csv:  "t,e,c,m,n\n10,70,256,512,1\n40,,1024,2048,3\n",
		m:    csvMapping,
		want: []Row{{At: 10, Life: 60, CPU: 256, Mem: 512, Count: 1}, {At: 40, Life: -1, CPU: 1024, Mem: 2048, Count: 3}},
	}, {
		name: "units, and sizes raised to ECS's minimums",
		csv:  "\xef\xbb\xbft,d,c,m\r\n1000,500,0.0625,0.001\r\n",
		m: Mapping{Arrival: "t", Duration: "d", CPU: "c", Memory: "m", TimeUnit: time.Millisecond,
			CPUPerUnit: 1024, MiBPerUnit: 1024},
		want: []Row{{At: 1, Life: 0.5, CPU: 128, Mem: 6, Count: 1}},
		said: []string{
			"warning: 1 of its rows ask for less than ECS's minimum task cpu of 128 units and run with 128 (the first at f.csv:2:10)",
			"warning: 1 of its rows ask for less than ECS's minimum memory of 6 MiB and run with 6 (the first at f.csv:2:17)",
		},
	}, {
		name: "openb with GPUs",
		csv:  openbHeader + "p0,2000,4096,1,500,V100|T4,0,60\np1,1000,1024,0,0,,5,\n",
		m:    Openb,
		want: []Row{{At: 0, Life: 60, CPU: 2048, Mem: 4096, Count: 1, GPU: &models.GPURequest{Milli: 500, Models: []string{"V100", "T4"}}},
			{At: 5, Life: -1, CPU: 1024, Mem: 1024, Count: 1}},
	}, {
		name: "a missing column",
		csv:  "t,c\n1,2\n",
		m:    csvMapping,
		said: []string{
			`whole: f.csv has no column "e" (its columns: t, c)`,
			`whole: f.csv has no column "m" (its columns: t, c)`,
			`whole: f.csv has no column "n" (its columns: t, c)`,
		},
	}, {
		name: "bad cells",
		csv:  "t,e,c,m,n\nx,1,1,1,1\n5,1,256,512,1\n1,2,200000,1,1\n1,2,256,512,0\n",
		m:    csvMapping,
		said: []string{
			`f.csv:2:1: t: "x" is not a number`,
			`f.csv:3:3: e: 1 is before the arrival, 5`,
			`f.csv:4:5: c: 200000 is 200000 CPU units, above ECS's task maximum of 196608`,
			`f.csv:5:13: n: "0" is not a whole number from 1 to 100000`,
		},
	}, {
		name: "openb GPU cells that ask for no GPU or spread a share",
		csv: openbHeader + "p0,1000,1024,0,500,,0,\np1,1000,1024,2,500,,0,\np2,1000,1024,1,0,,0,\n" +
			"p3,1000,1024,65,1000,,0,\np4,1000,1024,1,500,V100 M16,0,\n",
		m: Openb,
		said: []string{
			"f.csv:2:16: gpu_milli: 500 with num_gpu 0: a pod without GPUs has gpu_milli 0",
			"f.csv:3:16: gpu_milli: 500 with num_gpu 2: only a pod of one GPU may share it; more take whole GPUs (1000)",
			"f.csv:4:16: gpu_milli: 0 with num_gpu 1: a pod with GPUs has gpu_milli from 1 to 1000",
			`f.csv:5:14: num_gpu: "65" is not a whole number from 0 to 32`,
			`f.csv:6:20: gpu_spec: "V100 M16" is not a GPU model: letters, digits, '.', '_' and '-', models separated by '|'`,
		},
	}, {
		name: "an openb list without gpu_milli or times: whole GPUs, arriving at 0",
		csv:  "name,cpu_milli,memory_mib,num_gpu\np0,2000,4096,2\np1,1000,1024,0\n",
		m:    Mapping{CPU: "cpu_milli", Memory: "memory_mib", GPU: "num_gpu", GPUMilli: "gpu_milli", TimeUnit: time.Second, CPUPerUnit: 1.024, MiBPerUnit: 1},
		want: []Row{{Life: -1, CPU: 2048, Mem: 4096, Count: 1, GPU: &models.GPURequest{Milli: 2000}}, {Life: -1, CPU: 1024, Mem: 1024, Count: 1}},
	}, {
		name: "no rows",
		csv:  "t,e,c,m,n\n",
		m:    csvMapping,
		said: []string{"whole: f.csv has no rows"},
	}, {
		name: "a column named twice",
		csv:  "t,t\n",
		m:    csvMapping,
		said: []string{`f.csv:1:3: column "t" is named twice (first as column 1)`},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := &collect{}
			var rows []Row
			if tb, err := Open("f.csv", strings.NewReader(tt.csv), rep); err == nil {
				rows, _ = tb.Trace(tt.m, limits)
			}
			if diff := cmp.Diff(tt.want, rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.said, rep.lines); diff != "" {
				t.Errorf("reported (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNodes(t *testing.T) {
	header := "sn,cpu_milli,memory_mib,gpu,model\n"
	tests := []struct {
		name, csv string
		want      []Node
		said      []string
	}{{
		name: "nodes",
		csv:  header + "a,4000,8192,0,\nb,8000,16384,2,T4\n",
		want: []Node{{CPU: 4096, MemoryMiB: 8192}, {CPU: 8192, MemoryMiB: 16384, GPUs: 2, Model: "T4"}},
	}, {
		name: "the required columns alone",
		csv:  "cpu_milli,memory_mib\n1000,1024\n",
		want: []Node{{CPU: 1024, MemoryMiB: 1024}},
	}, {
		name: "bad cells",
		csv:  header + "a,0,1024,0,\nb,1000,1024,0,bad!\n",
		said: []string{
			`f.csv:2:3: cpu_milli: 0 is not a node's CPU (thousandths of a core, above 0)`,
			`f.csv:3:15: model: "bad!" is not an attribute value (1-128 letters, digits, spaces or -_/.@:)`,
		},
	}, {
		name: "no nodes",
		csv:  header,
		said: []string{"whole: f.csv lists no nodes"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := &collect{}
			var nodes []Node
			if tb, err := Open("f.csv", strings.NewReader(tt.csv), rep); err == nil {
				nodes, _ = tb.Nodes(validModel)
			}
			if diff := cmp.Diff(tt.want, nodes); diff != "" {
				t.Errorf("nodes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.said, rep.lines); diff != "" {
				t.Errorf("reported (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOpenEmpty: a file with no header row is ErrEmpty, reported by no one but the caller.
func TestOpenEmpty(t *testing.T) {
	for _, src := range []string{"", "\xef\xbb\xbf", "\n\n"} {
		rep := &collect{}
		if _, err := Open("f.csv", strings.NewReader(src), rep); err != ErrEmpty || len(rep.lines) > 0 {
			t.Errorf("Open(%q) = %v, reported %v; want ErrEmpty and nothing", src, err, rep.lines)
		}
	}
}

// TestReadFails checks that a file that stops being readable part way (one past its size
// limit) is reported as a whole, by the reader's error, and yields no rows.
func TestReadFails(t *testing.T) {
	rep := &collect{}
	src := io.MultiReader(strings.NewReader("sn,cpu_milli,memory_mib\na,4000,8192\n"), failing{})
	tb, err := Open("f.csv", src, rep)
	if err != nil {
		t.Fatal(err)
	}
	if nodes, ok := tb.Nodes(func(string) bool { return true }); ok {
		t.Errorf("Nodes = %v, ok; want a failure", nodes)
	}
	if want := []string{"whole: f.csv: larger than 1 GiB"}; !slices.Equal(rep.lines, want) {
		t.Errorf("reported %q, want %q", rep.lines, want)
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("f.csv: larger than 1 GiB") }
