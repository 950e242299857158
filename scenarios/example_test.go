package scenarios_test

import (
	"fmt"

	"github.com/ecssim/ecssim/scenarios"
)

// ExampleLoad shows what Load reports for a malformed file: every problem at once, each with
// its line, column and key path.
func ExampleLoad() {
	src := `duration = "90 minutes"

[[instance_groups]]
type = "m6i.xlarg"
count = 3

[[services]]
name = "web"
task_definition = "web"
desired_count = 2
placment_strategy = [{ type = "binpack", field = "memory" }]
`
	_, err := scenarios.Load([]byte(src), "web.toml")
	fmt.Println(err)
	// Output:
	// web.toml:1:12: duration: "90 minutes" is not a duration such as 90s, 5m, 6h or 1d
	// web.toml:4:8: instance_groups[0].type: unknown instance type "m6i.xlarg"; known m6i types: m6i.large, m6i.xlarge, m6i.2xlarge, m6i.4xlarge, m6i.8xlarge
	// web.toml:9:19: services[0].task_definition: no task definition family "web": the scenario registers none
	// web.toml:11:1: services[0].placment_strategy: unknown key (did you mean "placement_strategy"?)
}
