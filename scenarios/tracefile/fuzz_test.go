package tracefile

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzRead reads arbitrary bytes as a csv trace, an openb trace and a node list. It must
// never panic; a read that fails says why, in the file or about it; every problem has a
// position and a message; the rows of a read that succeeds are within the limits.
func FuzzRead(f *testing.F) {
	f.Add([]byte("t,e,c,m,n\n0,60,256,512,1\n30,,1024,2048,3\n"))
	f.Add([]byte("\xef\xbb\xbft,e,c,m,n\r\n1e3,2e3,1e2,1e1,1\r\n"))
	f.Add([]byte("name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n" +
		"p0,12000,16384,1,1000,,LS,Running,0,1200,0\np1,3152,5600,1,590,V100M16|V100M32,BE,Failed,60,61,60\n"))
	f.Add([]byte("sn,cpu_milli,memory_mib,gpu,model\na,4000,8192,0,\nb,8000,16384,1,T4\n"))
	f.Add([]byte("t,t\n\"x"))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, m := range []Mapping{csvMapping, Openb} {
			readChecked(t, src, func(tb *Table) bool {
				rows, ok := tb.Trace(m, limits)
				for _, r := range rows {
					if r.CPU < limits.MinCPU || r.CPU > limits.MaxCPU || r.Mem < limits.MinMemoryMiB || r.Count < 1 || r.Life > MaxLifeSeconds {
						t.Errorf("row out of bounds: %+v", r)
					}
				}
				return ok
			})
		}
		readChecked(t, src, func(tb *Table) bool {
			_, ok := tb.Nodes(validModel)
			return ok
		})
	})
}

// readChecked opens src and reads it with read, holding what it reports to the promises: a
// read that fails says why (but for an empty file, which the caller words), one that
// succeeds reports nothing, and every problem has a position and a message.
func readChecked(t *testing.T, src []byte, read func(*Table) bool) {
	t.Helper()
	rep := &collect{}
	tb, err := Open("f.csv", bytes.NewReader(src), rep)
	ok := err == nil && read(tb)
	said := len(rep.probs) + len(rep.wholes)
	switch {
	case errors.Is(err, ErrEmpty):
	case !ok && said == 0:
		t.Errorf("a read failed and said nothing")
	case ok && said > 0:
		t.Errorf("a read that succeeded reported %v %v", rep.probs, rep.wholes)
	}
	for _, p := range rep.probs {
		if p.File != "f.csv" || p.Line < 1 || p.Col < 1 || strings.TrimSpace(p.Msg) == "" {
			t.Errorf("problem without a position or message: %#v", p)
		}
	}
}
