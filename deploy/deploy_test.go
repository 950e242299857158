package deploy

import (
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecssim/ecssim/scenarios"
	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// A step is one container's command line as a platform runs it: its image, its arguments after
// the entrypoint /ecssim, what backs each path it sees ("pvc:NAME", "configmap:NAME", "efs:ID",
// or "image" for files baked in), the CPUs it gets, and how many copies the platform starts
// (an Indexed Job's completions, an array job's size; 1 for a merge).
type step struct {
	image  string
	args   []string
	mounts map[string]string
	cpus   string
	copies int
}

// backing returns what backs path p: the source of the deepest mount that holds it, or "".
func (s step) backing(p string) string {
	best := ""
	for m := range s.mounts {
		if (p == m || strings.HasPrefix(p, strings.TrimSuffix(m, "/")+"/")) && len(m) > len(best) {
			best = m
		}
	}
	return s.mounts[best]
}

// flagValue returns the value of flag name in args, written -name v, --name v or -name=v.
func flagValue(args []string, name string) (string, bool) {
	for i, a := range args {
		if !strings.HasPrefix(a, "-") {
			continue
		}
		a = strings.TrimLeft(a, "-")
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, true
		}
		if a == name && i+1 < len(args) {
			return args[i+1], true
		}
	}
	return "", false
}

// operands returns what follows the subcommand's flags, as Go's flag package finds it; every
// flag of sweep and merge takes a value except -quiet.
func operands(args []string) []string {
	if len(args) == 0 {
		return nil
	}
	rest := args[1:]
	for len(rest) > 0 && strings.HasPrefix(rest[0], "-") {
		n := 2
		if strings.Contains(rest[0], "=") || strings.TrimLeft(rest[0], "-") == "quiet" {
			n = 1
		}
		rest = rest[min(n, len(rest)):]
	}
	return rest
}

// A check is one expectation: got must equal want.
type check struct {
	what      string
	got, want any
}

func expect(t *testing.T, checks ...[]check) {
	t.Helper()
	for _, c := range slices.Concat(checks...) {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.what, diff)
		}
	}
}

// sweepChecks checks a sweep: one shard per copy the platform starts, each taking its index
// from the platform, with the results on storage the shards and the merge share.
func sweepChecks(s step) []check {
	count, _ := flagValue(s.args, "shard-count")
	_, index := flagValue(s.args, "shard-index")
	workers, _ := flagValue(s.args, "workers")
	dir, _ := flagValue(s.args, "dir")
	shared := strings.HasPrefix(s.backing(dir), "pvc:") || strings.HasPrefix(s.backing(dir), "efs:")
	ops := operands(s.args)
	return []check{
		{"sweep's subcommand", first(s.args), "sweep"},
		{"-shard-count against the shards the platform starts", count, strconv.Itoa(s.copies)},
		{"-shard-index given, so every shard runs the same runs", index, false},
		{"-dir " + dir + " on shared storage", shared, true},
		{"-workers against the CPUs the container gets", workers, s.cpus},
		{"sweep file " + path.Join(ops...) + " mounted or in the image", len(ops) == 1 && s.backing(ops[0]) != "", true},
		{"sweep's image named", s.image != "", true},
	}
}

// mergeChecks checks that a merge reads the directory the sweep wrote, on the same storage.
func mergeChecks(sweep, merge step) []check {
	dir, _ := flagValue(sweep.args, "dir")
	out, _ := flagValue(merge.args, "out")
	return []check{
		{"merge's subcommand", first(merge.args), "merge"},
		{"merge's directories against the sweep's -dir", operands(merge.args), []string{dir}},
		{"merge's storage at " + dir, merge.backing(dir), sweep.backing(dir)},
		{"merge -out " + out + " on the shared storage", out == "" || merge.backing(out) == sweep.backing(dir), true},
		{"merge's image", merge.image, sweep.image},
	}
}

func first(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// k8sObject holds the fields of a ConfigMap, PersistentVolumeClaim, Job or Pod the test reads.
type k8sObject struct {
	Kind     string
	Metadata struct{ Name string }
	Data     map[string]string
	Spec     struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int
		Parallelism    int
		AccessModes    []string `yaml:"accessModes"`
		Template       struct{ Spec podSpec }
		podSpec        `yaml:",inline"`
	}
}

type podSpec struct {
	RestartPolicy string `yaml:"restartPolicy"`
	Containers    []struct {
		Image        string
		Args         []string
		Resources    struct{ Requests map[string]string }
		VolumeMounts []struct {
			Name      string
			MountPath string `yaml:"mountPath"`
		} `yaml:"volumeMounts"`
	}
	Volumes []struct {
		Name                  string
		ConfigMap             *struct{ Name string } `yaml:"configMap"`
		PersistentVolumeClaim *struct {
			ClaimName string `yaml:"claimName"`
		} `yaml:"persistentVolumeClaim"`
	}
}

func (p podSpec) step(t *testing.T, copies int) step {
	t.Helper()
	if len(p.Containers) != 1 {
		t.Fatalf("pod has %d containers, want 1", len(p.Containers))
	}
	c := p.Containers[0]
	sources := map[string]string{}
	for _, v := range p.Volumes {
		switch {
		case v.ConfigMap != nil:
			sources[v.Name] = "configmap:" + v.ConfigMap.Name
		case v.PersistentVolumeClaim != nil:
			sources[v.Name] = "pvc:" + v.PersistentVolumeClaim.ClaimName
		}
	}
	s := step{image: c.Image, args: c.Args, mounts: map[string]string{}, cpus: c.Resources.Requests["cpu"], copies: copies}
	for _, m := range c.VolumeMounts {
		s.mounts[m.MountPath] = sources[m.Name]
	}
	return s
}

func TestKubernetes(t *testing.T) {
	objs := map[string]k8sObject{}
	for _, f := range []string{"kubernetes/sweep-job.yaml", "kubernetes/merge-job.yaml", "kubernetes/results-pod.yaml"} {
		dec := yaml.NewDecoder(strings.NewReader(readFile(t, f)))
		for {
			var o k8sObject
			if err := dec.Decode(&o); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			objs[o.Kind+"/"+o.Metadata.Name] = o
		}
	}
	for _, name := range []string{"Job/ecssim-sweep", "Job/ecssim-merge", "Pod/ecssim-results"} {
		if _, ok := objs[name]; !ok {
			t.Fatalf("no %s in kubernetes/", name)
		}
	}
	job := objs["Job/ecssim-sweep"]
	sweep := job.Spec.Template.Spec.step(t, job.Spec.Completions)
	merge := objs["Job/ecssim-merge"].Spec.Template.Spec.step(t, 1)
	dir, _ := flagValue(sweep.args, "dir")
	file := path.Join(operands(sweep.args)...)
	configMap := objs["ConfigMap/"+strings.TrimPrefix(sweep.backing(file), "configmap:")]
	claim := objs["PersistentVolumeClaim/"+strings.TrimPrefix(sweep.backing(dir), "pvc:")]
	expect(t, sweepChecks(sweep), mergeChecks(sweep, merge), []check{
		{"completion mode", job.Spec.CompletionMode, "Indexed"},
		{"parallelism", job.Spec.Parallelism, job.Spec.Completions},
		{"restart policy (backoffLimitPerIndex needs Never)", job.Spec.Template.Spec.RestartPolicy, "Never"},
		{"the ConfigMap's " + path.Base(file) + " against sweep/sweep.toml", configMap.Data[path.Base(file)], readFile(t, "sweep/sweep.toml")},
		{"results claim's access modes", claim.Spec.AccessModes, []string{"ReadWriteMany"}},
		{"results pod's view of " + dir, objs["Pod/ecssim-results"].Spec.step(t, 1).backing(dir), sweep.backing(dir)},
	})
}

// batchJob holds the fields the test reads of a job definition (register-job-definition) or of
// a submission (submit-job); each file fills its own.
type batchJob struct {
	JobDefinitionName   string
	JobDefinition       string
	JobQueue            string
	Type                string
	Parameters          map[string]string
	ArrayProperties     struct{ Size int }
	DependsOn           []struct{ JobID string }
	RetryStrategy       struct{ Attempts int }
	ContainerProperties batchContainer
	ContainerOverrides  batchContainer
}

type batchContainer struct {
	Image                string
	Command              []string
	ResourceRequirements []struct{ Type, Value string }
	MountPoints          []struct{ SourceVolume, ContainerPath string }
	Volumes              []struct {
		Name                   string
		EfsVolumeConfiguration *struct{ FileSystemID string }
	}
}

func readBatch(t *testing.T, name string) batchJob {
	t.Helper()
	var j batchJob
	if err := json.Unmarshal([]byte(readFile(t, name)), &j); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return j
}

// step returns the container a submission of def runs: the command with the submission's
// override and Ref:: parameters substituted, and baked, the directory Dockerfile.sweep copies the
// sweep into.
func (def batchJob) step(sub batchJob, baked string) step {
	c := def.ContainerProperties
	s := step{image: c.Image, mounts: map[string]string{baked: "image"}, copies: max(sub.ArrayProperties.Size, 1)}
	params := map[string]string{}
	maps.Copy(params, def.Parameters)
	maps.Copy(params, sub.Parameters) // a submission's parameters override the definition's
	command := c.Command
	if sub.ContainerOverrides.Command != nil {
		command = sub.ContainerOverrides.Command
	}
	for _, a := range command {
		if name, ok := strings.CutPrefix(a, "Ref::"); ok && params[name] != "" {
			a = params[name]
		}
		s.args = append(s.args, a)
	}
	for _, r := range append(c.ResourceRequirements, sub.ContainerOverrides.ResourceRequirements...) {
		if r.Type == "VCPU" {
			s.cpus = r.Value
		}
	}
	for _, m := range c.MountPoints {
		for _, v := range c.Volumes {
			if v.Name == m.SourceVolume && v.EfsVolumeConfiguration != nil {
				s.mounts[m.ContainerPath] = "efs:" + v.EfsVolumeConfiguration.FileSystemID
			}
		}
	}
	return s
}

func TestAWSBatch(t *testing.T) {
	def := readBatch(t, "aws-batch/job-definition.json")
	sub := readBatch(t, "aws-batch/submit-job.json")
	mergeSub := readBatch(t, "aws-batch/submit-merge.json")
	copyLine := regexp.MustCompile(`(?m)^COPY .* (\S+)$`).FindStringSubmatch(readFile(t, "aws-batch/Dockerfile.sweep"))
	if copyLine == nil {
		t.Fatal("Dockerfile.sweep copies nothing")
	}
	sweep := def.step(sub, path.Clean(copyLine[1]))
	merge := def.step(mergeSub, path.Clean(copyLine[1]))
	expect(t, sweepChecks(sweep), mergeChecks(sweep, merge), []check{
		{"job type", def.Type, "container"},
		{"a retried shard resumes, so retry", def.RetryStrategy.Attempts > 1, true},
		{"sweep's job definition", sub.JobDefinition, def.JobDefinitionName},
		{"merge's job definition", mergeSub.JobDefinition, def.JobDefinitionName},
		{"merge's queue", mergeSub.JobQueue, sub.JobQueue},
		{"merge's dependencies (the array job)", len(mergeSub.DependsOn), 1},
	})
}

// TestSweepFile reads the sweep the manifests run as ecssim sweep reads it, which validates the
// scenario at every point of the grid.
func TestSweepFile(t *testing.T) {
	if _, err := scenarios.LoadSweep("sweep/sweep.toml"); err != nil {
		t.Error(err)
	}
}

func TestDockerfile(t *testing.T) {
	docker := readFile(t, "../Dockerfile")
	find := func(re, s string) string {
		if m := regexp.MustCompile(re).FindStringSubmatch(s); m != nil {
			return m[1]
		}
		return ""
	}
	stages := regexp.MustCompile(`(?m)^FROM (?:--platform=\S+ )?(\S+)`).FindAllStringSubmatch(docker, -1)
	if len(stages) < 2 {
		t.Fatalf("Dockerfile has %d stages, want a build and a runtime stage", len(stages))
	}
	expect(t, []check{
		{"build image against go.mod", stages[0][1], "golang:" + find(`(?m)^go (\d+\.\d+)`, readFile(t, "../go.mod"))},
		{"runtime image", stages[len(stages)-1][1], "gcr.io/distroless/static-debian12:nonroot"},
		{"entrypoint", find(`(?m)^ENTRYPOINT (.*)$`, docker), `["/ecssim"]`},
		{"build", find(`(go build .*)`, docker), "go build -trimpath -o /ecssim ./cmd/ecssim"},
	})
}

// TestDockerignore checks that .dockerignore keeps in the build context every file the build
// of cmd/ecssim reads, as go list names them (Go files and embedded files), and go.mod and go.sum.
func TestDockerignore(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the build's files")
	}
	list := exec.Command(goTool, "list", "-deps", "-f",
		`{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}`, "./cmd/ecssim")
	list.Dir = ".."
	out, err := list.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	needed := []string{"go.mod", "go.sum"}
	for f := range strings.Lines(string(out)) {
		if rel, err := filepath.Rel(root, strings.TrimSpace(f)); err == nil && !strings.HasPrefix(rel, "..") {
			needed = append(needed, filepath.ToSlash(rel))
		}
	}
	if len(needed) < 10 {
		t.Fatalf("go list names only %q", needed)
	}
	for line := range strings.Lines(readFile(t, "../.dockerignore")) {
		pattern := strings.Trim(strings.TrimSpace(line), "/")
		if pattern == "" || strings.HasPrefix(pattern, "#") {
			continue
		}
		if strings.HasPrefix(pattern, "!") || strings.Contains(pattern, "**") {
			t.Fatalf(".dockerignore: %q is a kind of pattern this test does not read", pattern)
		}
	files:
		for _, f := range needed {
			for p := f; p != "."; p = path.Dir(p) { // a pattern that matches a directory leaves out all of it
				if ok, _ := path.Match(pattern, p); ok {
					t.Errorf(".dockerignore's %q leaves out %s, which the build needs", pattern, f)
					break files
				}
			}
		}
	}
}
