package models

import "github.com/ecssim/ecssim/sim"

// serviceControl is the service scheduler's state for one service.
type serviceControl struct{}

func (s *Simulation) advanceTarget(g *Target, step targetStep, now sim.Time) {}
