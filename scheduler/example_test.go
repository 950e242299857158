package scheduler_test

import (
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/ecssim/ecssim/models"
	mt "github.com/ecssim/ecssim/models/modelstest"
	"github.com/ecssim/ecssim/scheduler"
)

// ExamplePipeline places six 2 GiB tasks of one service with "spread over zones, then binpack
// on memory" on four m5.large in two zones (7985 MiB each, so three tasks per instance): the
// zones take turns, and inside each zone the tasks fill one instance before the next.
func ExamplePipeline() {
	c := mt.ClusterWith(models.TieOldest, 1,
		mt.Instance("m5.large").Zone("us-east-1a"), mt.Instance("m5.large").Zone("us-east-1a"),
		mt.Instance("m5.large").Zone("us-east-1b"), mt.Instance("m5.large").Zone("us-east-1b"))
	chain := []models.StrategySpec{
		{Type: "spread", Field: "attribute:ecs.availability-zone"},
		{Type: "binpack", Field: "memory"},
	}
	p, err := scheduler.NewPipeline(c, scheduler.NewIndex(c), chain, nil, rand.NewPCG(1, 1))
	if err != nil {
		panic(err)
	}
	web := mt.TaskDef("web", 256, 2048)
	for i := range 6 {
		task := mt.Task(fmt.Sprint("web-", i+1), web, "service:web")
		in, _ := p.Place(task)
		c.Place(task, in, 0)
		fmt.Println(task.ID, "->", in.ID, in.Zone)
	}
	// Why the next one goes where it does:
	p.Explain(mt.Task("web-7", web, "service:web")).Format(os.Stdout)
	// Output:
	// web-1 -> i-0001 us-east-1a
	// web-2 -> i-0003 us-east-1b
	// web-3 -> i-0001 us-east-1a
	// web-4 -> i-0003 us-east-1b
	// web-5 -> i-0001 us-east-1a
	// web-6 -> i-0003 us-east-1b
	// task of group service:web (web:1) needs 256 CPU, 2048 MiB
	// strategies, in order: spread(attribute:ecs.availability-zone) > binpack(memory); ties go to the oldest instance
	//   instance  zone        type      free cpu  free MiB  verdict
	//   i-0001    us-east-1a  m5.large  1280      1841      rejected by memory: needs 2048 MiB, 1841 MiB free
	// > i-0002    us-east-1a  m5.large  2048      7985      fits, spread(attribute:ecs.availability-zone)=3 binpack(memory)=5937; chosen
	//   i-0003    us-east-1b  m5.large  1280      1841      rejected by memory: needs 2048 MiB, 1841 MiB free
	//   i-0004    us-east-1b  m5.large  2048      7985      fits, spread(attribute:ecs.availability-zone)=3 binpack(memory)=5937; tied, not chosen
	// placed on i-0002 (us-east-1a)
}
