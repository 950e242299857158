package scenarios

import (
	"errors"
	"strings"
	"testing"

	"github.com/ecssim/ecssim/models"
)

// FuzzTrace checks that reading a trace and a node list never panics, that every rejection is
// a list of positioned problems, and that every replay it accepts runs without breaking an
// invariant.
func FuzzTrace(f *testing.F) {
	const csvKeys = `columns = { arrival = "t", departure = "e", cpu = "c", memory = "m", count = "n" }`
	f.Add(csvKeys, "t,e,c,m,n\n0,60,256,512,1\n30,,1024,2048,3\n", "sn,cpu_milli,memory_mib,gpu,model\na,4000,8192,0,\nb,8000,16384,1,T4\n")
	f.Add(csvKeys+"\nshuffle = true", "t,e,c,m,n\n0,60,256,512,1\n0,10,128,6,2\n", "sn,cpu_milli,memory_mib\na,2000,4096\n")
	f.Add(csvKeys+"\ntarget_load = 0.5\ntime_scale = 0.1", "t,e,c,m,n\n5,65,512,512,\n9,19,2048,4096,1\n", "cpu_milli,memory_mib\n4000,8192\n")
	f.Add(`trace_format = "openb"`, "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n"+
		"p0,12000,16384,1,1000,,LS,Running,0,1200,0\np1,3152,5600,1,590,V100M16|V100M32,BE,Failed,60,61,60\n",
		"sn,cpu_milli,memory_mib,gpu,model\nn0,32000,262144,0,\n")
	f.Add("trace_format = \"openb\"\ntarget_resource = \"gpu\"\ntarget_load = 1.2", "name,cpu_milli,memory_mib,num_gpu,gpu_milli\n"+
		"p0,4000,8192,1,500\np1,2000,4096,2,1000\np2,1000,1024,0,0\n", "sn,cpu_milli,memory_mib,gpu,model\nn0,32000,131072,4,T4\nn1,16000,65536,2,G2\n")
	f.Add(csvKeys+"\ndepartures = false\ntarget_load = 2", "\xef\xbb\xbft,e,c,m,n\r\n1e3,2e3,1e2,1e1,1\r\n", "cpu_milli,memory_mib\n\"4000\",8192\n")
	f.Fuzz(func(t *testing.T, keys, trace, nodes string) {
		src := `duration = "1h"
[[instance_groups]]
nodes = "nodes.csv"
[[workloads]]
name = "jobs"
trace = "jobs.csv"
placement_strategy = [{ type = "binpack", field = "memory" }]
` + keys + "\n"
		sc, err := loadWithFiles(src, map[string]string{"jobs.csv": trace, "nodes.csv": nodes})
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is %T with no problems: %v", err, err)
			}
			for _, p := range ps {
				if p.Pos.Line < 1 || p.Pos.Col < 1 || strings.TrimSpace(p.Msg) == "" {
					t.Errorf("problem without a position or message: %#v", p)
				}
			}
			return
		}
		// Runs of many tasks are valid but slow: validation allows ten million.
		r, tasks := sc.Workloads[0].Trace, 0.0
		for _, row := range r.Rows {
			tasks += float64(row.Count)
		}
		switch capacity := models.FleetCapacity(sc.InstanceGroups, sc.Cluster); {
		case r.TargetLoad > 0 && r.LoadGPU: // draws until the GPU asked for reaches the target
			var asked float64
			for _, row := range r.Rows {
				asked += float64(row.Count) * float64(row.Def.Charge().GPUMilli)
			}
			tasks *= r.TargetLoad * float64(capacity.GPUMilli) / asked
		case r.TargetLoad > 0:
			tasks *= r.TargetLoad / models.OfferedLoad(r.Rows, capacity, sc.Duration, r.LoadMemory)
		}
		if tasks > 20_000 {
			return
		}
		if _, err := runChecked(t, sc); err != nil {
			t.Fatal(err)
		}
	})
}
