package models

import (
	"math/rand/v2"
	"time"
)

// lifecycle draws what a service's or workload's tasks do by themselves: how long their
// containers take to start and to exit, and whether they fail. Each service and workload has
// its own stream ("lifecycle/service/NAME", "lifecycle/workload/NAME"), so one owner's draws
// never shift another's. Rates of zero draw nothing, so scenarios without failures see the
// same numbers whether or not failures exist elsewhere.
type lifecycle struct {
	src      rand.Source
	rng      *rand.Rand
	samplers map[*TaskDefinition]*defSamplers
	// The definition looked up last and its samplers: an owner's tasks mostly share one.
	lastDef *TaskDefinition
	last    *defSamplers
}

type defSamplers struct{ start, shutdown *Sampler }

func (l *lifecycle) bind(src rand.Source) {
	l.src, l.rng = src, rand.New(src)
	l.samplers = map[*TaskDefinition]*defSamplers{}
	l.lastDef, l.last = nil, nil
}

func (l *lifecycle) of(d *TaskDefinition) *defSamplers {
	if d == l.lastDef && l.last != nil {
		return l.last
	}
	ds := l.samplers[d]
	if ds == nil {
		ds = &defSamplers{}
		if d.Behavior.ContainerStart.Kind != "" {
			ds.start = NewSampler(d.Behavior.ContainerStart, l.src)
		}
		if d.Behavior.Shutdown.Kind != "" {
			ds.shutdown = NewSampler(d.Behavior.Shutdown, l.src)
		}
		l.samplers[d] = ds
	}
	l.lastDef, l.last = d, ds
	return ds
}

// containerStart is how long a task's containers take to start once its image is ready.
func (l *lifecycle) containerStart(d *TaskDefinition) time.Duration {
	if s := l.of(d).start; s != nil {
		return s.Sample()
	}
	return DefaultContainerStart
}

// shutdown is how long a task takes to exit after SIGTERM: its application's shutdown time, cut
// short by SIGKILL at the stop timeout. An application that does not handle SIGTERM runs until
// the stop timeout.
func (l *lifecycle) shutdown(d *TaskDefinition, timeout time.Duration) time.Duration {
	if s := l.of(d).shutdown; s != nil {
		return min(s.Sample(), timeout)
	}
	return timeout
}

// fails draws whether something with probability rate happens.
func (l *lifecycle) fails(rate float64) bool {
	return rate > 0 && l.rng.Float64() < rate
}
