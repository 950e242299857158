package experiment_test

import (
	"context"
	"fmt"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/scenarios"
)

// Run one of the embedded examples at its own seed and read two numbers of its summary.
func ExampleRun() {
	sc, err := scenarios.LoadExample("port-bound")
	if err != nil {
		panic(err)
	}
	r, err := scenarios.Build(sc, scenarios.Options{})
	if err != nil {
		panic(err)
	}
	res, err := experiment.Run(context.Background(), r, experiment.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println("tasks started:", res.Summary.Tasks.Started)
	fmt.Println("never placed:", res.Summary.Tasks.NeverPlaced)
	// Output:
	// tasks started: 28
	// never placed: 2
}
