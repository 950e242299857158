package experiment_test

import (
	"strings"
	"testing"
)

// TestTraceCheckerCatches shows that each check of checkTrace fails a trace that breaks it, and
// passes one that does not, so that the random scenarios' clean traces mean something.
func TestTraceCheckerCatches(t *testing.T) {
	spec := genSpec{
		defs: map[string]tdSpec{
			"big:1": {cpu: 1024, memory: 4000}, "port:1": {cpu: 128, memory: 128, static: []int{80}},
			"small:1": {cpu: 128, memory: 128}, "gpu:1": {cpu: 128, memory: 128, gpuMilli: 1000},
		},
		services: map[string]*svcSpec{"s": {desired: 2, minPct: 100, maxPct: 150}},
	}
	reg := `{"t":0,"kind":"InstanceRegistered","instance":"i-1","zone":"a","instance_type":"m5.large"}
{"t":0,"kind":"InstanceRegistered","instance":"i-2","zone":"a","instance_type":"g4dn.xlarge"}
`
	place := func(task, def, svc, inst, ports string) string {
		return `{"t":1,"kind":"TaskPlaced","task":"` + task + `","task_definition":"` + def + `","service":"` + svc + `","instance":"` + inst + `"` + ports + "}\n"
	}
	ok := place("w-1", "port:1", "", "i-1", `,"host_port":80`) +
		`{"t":2,"kind":"TaskStopped","task":"w-1","task_definition":"port:1","group":"w","instance":"i-1"}` + "\n" +
		place("w-2", "port:1", "", "i-1", `,"host_port":80`) + place("w-3", "big:1", "", "i-1", "") +
		// a task stopped by a failure, not by the scheduler, may take a service below its floor
		place("s-1", "small:1", "s", "i-1", "") + place("s-2", "small:1", "s", "i-1", "") +
		`{"t":2,"kind":"TaskHealthy","task":"s-1","service":"s","instance":"i-1"}` + "\n" +
		`{"t":3,"kind":"TaskStopping","task":"s-1","service":"s","instance":"i-1"}` + "\n"
	cases := map[string]string{
		"over-commits":     place("w-1", "big:1", "", "i-1", "") + place("w-2", "big:1", "", "i-1", ""),
		"GPU 2000/1000":    place("w-1", "gpu:1", "", "i-2", "") + place("w-2", "gpu:1", "", "i-2", ""),
		"binds port 80":    place("w-1", "port:1", "", "i-1", `,"host_port":80`) + place("w-2", "port:1", "", "i-1", `,"host_ports":[80,32768]`),
		"agent reserves":   place("w-1", "small:1", "", "i-1", `,"host_port":51678`),
		"maps host port":   place("w-1", "port:1", "", "i-1", `,"host_port":32768`),
		"DRAINING":         `{"t":1,"kind":"InstanceDraining","instance":"i-1"}` + "\n" + place("w-1", "small:1", "", "i-1", ""),
		"terminated":       `{"t":1,"kind":"InstanceTerminated","instance":"i-1"}` + "\n" + place("w-1", "small:1", "", "i-1", ""),
		"disconnected":     `{"t":1,"kind":"AgentDisconnected","instance":"i-1"}` + "\n" + place("w-1", "small:1", "", "i-1", ""),
		"never registered": place("w-1", "small:1", "", "i-9", ""),
		"above its ceiling": place("s-1", "small:1", "s", "i-1", "") + place("s-2", "small:1", "s", "i-1", "") +
			place("s-3", "small:1", "s", "i-1", "") + place("s-4", "small:1", "s", "i-1", ""),
		"below its floor": place("s-1", "small:1", "s", "i-1", "") + place("s-2", "small:1", "s", "i-1", "") +
			`{"t":2,"kind":"TaskHealthy","task":"s-1","service":"s","instance":"i-1"}` + "\n" +
			`{"t":2,"kind":"TaskHealthy","task":"s-2","service":"s","instance":"i-1"}` + "\n" +
			`{"t":3,"kind":"TaskStopping","task":"s-1","service":"s","instance":"i-1","scheduled":true}` + "\n",
	}
	if err := checkTrace([]byte(reg+ok), spec, &traceStats{kinds: map[string]int{}}); err != nil {
		t.Errorf("a clean trace fails: %v", err)
	}
	for want, trace := range cases {
		err := checkTrace([]byte(reg+trace), spec, &traceStats{kinds: map[string]int{}})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v", want, err)
		}
	}
}
