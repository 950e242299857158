package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ecssim/ecssim/models"
	"github.com/ecssim/ecssim/scenarios"
)

// typeFilter is what instance-types keeps: each set field narrows the catalog.
type typeFilter struct {
	families  []string
	arch      models.Arch
	minVCPU   int
	minMemory int64 // MiB
	minGPUs   int   // 1 for -gpu alone
}

func (f typeFilter) keeps(t *models.InstanceType) bool {
	return (len(f.families) == 0 || slices.Contains(f.families, t.Family())) &&
		(f.arch == "" || t.Arch == f.arch) && t.VCPU >= f.minVCPU && t.MemoryMiB >= f.minMemory && t.GPUs >= f.minGPUs
}

func cmdInstanceTypes(args []string, stdout, _ io.Writer) error {
	fs := newFlags("instance-types")
	families := fs.String("family", "", "")
	arch := fs.String("arch", "", "")
	minVCPU := fs.Int("min-vcpu", 0, "")
	minMemory := fs.String("min-memory", "", "")
	gpu := fs.Bool("gpu", false, "")
	minGPUs := fs.Int("min-gpus", 0, "")
	format := fs.String("format", "text", "")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("instance-types: takes flags only, got %q", fs.Arg(0))
	}
	f, err := readTypeFilter(*families, *arch, *minVCPU, *minMemory, *gpu, *minGPUs)
	if err != nil {
		return err
	}
	var types []*models.InstanceType
	for _, t := range models.InstanceTypes() {
		if f.keeps(t) {
			types = append(types, t)
		}
	}
	switch *format {
	case "text":
		return printTypes(stdout, types)
	case "json":
		return printTypesJSON(stdout, types)
	}
	return usageErrorf("instance-types: -format: want text or json, got %q", *format)
}

// readTypeFilter checks the flags' values: known families and architecture, counts and
// memory not below zero.
func readTypeFilter(families, arch string, minVCPU int, minMemory string, gpu bool, minGPUs int) (typeFilter, error) {
	f := typeFilter{arch: models.Arch(arch), minVCPU: minVCPU, minGPUs: minGPUs}
	var known []string
	for _, t := range models.InstanceTypes() {
		if !slices.Contains(known, t.Family()) {
			known = append(known, t.Family())
		}
	}
	for fam := range strings.SplitSeq(families, ",") {
		if fam = strings.TrimSpace(fam); fam == "" {
			continue
		}
		if !slices.Contains(known, fam) {
			return f, usageErrorf("instance-types: -family: no family %q in the catalog; known: %s", fam, strings.Join(known, ", "))
		}
		f.families = append(f.families, fam)
	}
	if arch != "" && f.arch != models.ArchX86_64 && f.arch != models.ArchARM64 {
		return f, usageErrorf("instance-types: -arch: want %s or %s, got %q", models.ArchX86_64, models.ArchARM64, arch)
	}
	if minVCPU < 0 || minGPUs < 0 {
		return f, usageErrorf("instance-types: -min-vcpu and -min-gpus: want 0 or more")
	}
	if minMemory != "" {
		mib, err := scenarios.ParseTaskMemory(minMemory)
		if err != nil {
			return f, usageErrorf("instance-types: -min-memory: %v", err)
		}
		f.minMemory = mib
	}
	if gpu && f.minGPUs == 0 {
		f.minGPUs = 1
	}
	return f, nil
}

// printTypes prints types as an aligned table, names and words to the left, numbers to the
// right: the awsvpc task limits without and with ENI trunking, "-" where ECS does not trunk
// the type and "?" where EC2 calls it trunking-compatible but ECS's table neither lists it
// nor names it unsupported (models.InstanceType.TrunkingUnknown; ecssim runs it without
// trunking).
func printTypes(w io.Writer, types []*models.InstanceType) error {
	rows := [][]string{{"type", "arch", "vCPU", "memory MiB", "ENIs", "IPv4/ENI", "awsvpc tasks", "trunked", "$/hour", "GPUs"}}
	unlisted := false
	for _, t := range types {
		trunked := "-"
		switch {
		case t.SupportsTrunking():
			trunked = strconv.Itoa(t.TrunkedAWSVPCTasks)
		case t.TrunkingUnknown():
			trunked, unlisted = "?", true
		}
		gpus := ""
		if t.GPUs > 0 {
			gpus = fmt.Sprintf("%d × %s %s, %d MiB each", t.GPUs, t.GPUManufacturer, t.GPUModel, t.GPUMemoryMiB)
		}
		rows = append(rows, []string{t.Name, string(t.Arch), strconv.Itoa(t.VCPU), strconv.FormatInt(t.MemoryMiB, 10),
			strconv.Itoa(t.MaxENIs), strconv.Itoa(t.IPv4PerENI), strconv.Itoa(t.AWSVPCTaskLimit()), trunked, price(t.PriceUSDPerHour), gpus})
	}
	if err := alignedTable(w, rows, []bool{false, false, true, true, true, true, true, true, true, false}); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d types. awsvpc tasks: max ENIs − 1; trunked: with ENI trunking ([cluster] awsvpc_trunking),\n", len(types))
	fmt.Fprintln(w, "the ECS Developer Guide's limit (DG/container-instance-eni); - ECS does not trunk the type.")
	if unlisted {
		fmt.Fprintln(w, "? EC2 calls the type trunking-compatible, but ECS's table does not list it: ecssim runs it")
		fmt.Fprintln(w, "  without trunking [U].")
	}
	fmt.Fprintln(w, "$/hour: us-east-1 Linux on-demand.")
	return nil
}

// price writes a price with at least four decimals, more where it has more: 0.0960, 0.11592.
func price(p float64) string {
	s := strconv.FormatFloat(p, 'f', -1, 64)
	if _, frac, _ := strings.Cut(s, "."); len(frac) < 4 {
		s = strconv.FormatFloat(p, 'f', 4, 64)
	}
	return s
}

// alignedTable writes rows in columns two spaces apart, each column aligned right where right
// says so, else left; trailing blanks are trimmed.
func alignedTable(w io.Writer, rows [][]string, right []bool) error {
	widths := make([]int, len(right))
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, cell := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i > 0 {
				b.WriteString("  ")
			}
			if right[i] {
				b.WriteString(pad + cell)
			} else {
				b.WriteString(cell + pad)
			}
		}
		if _, err := fmt.Fprintln(w, strings.TrimRight(b.String(), " ")); err != nil {
			return err
		}
	}
	return nil
}

// typeJSON is one type in instance-types -format json.
type typeJSON struct {
	Name               string  `json:"name"`
	Family             string  `json:"family"`
	Arch               string  `json:"arch"`
	VCPU               int     `json:"vcpu"`
	MemoryMiB          int64   `json:"memory_mib"`
	MaxENIs            int     `json:"max_enis"`
	IPv4PerENI         int     `json:"ipv4_per_eni"`
	AWSVPCTasks        int     `json:"awsvpc_tasks"`
	AWSVPCTasksTrunked *int    `json:"awsvpc_tasks_trunking"` // null where ECS does not trunk the type
	TrunkingCompatible bool    `json:"trunking_compatible"`
	GPUs               int     `json:"gpus"`
	GPUModel           string  `json:"gpu_model,omitempty"`
	GPUManufacturer    string  `json:"gpu_manufacturer,omitempty"`
	GPUMemoryMiB       int64   `json:"gpu_memory_mib,omitempty"`
	PriceUSDPerHour    float64 `json:"price_usd_per_hour"`
}

func printTypesJSON(w io.Writer, types []*models.InstanceType) error {
	out := make([]typeJSON, 0, len(types))
	for _, t := range types {
		j := typeJSON{Name: t.Name, Family: t.Family(), Arch: string(t.Arch), VCPU: t.VCPU, MemoryMiB: t.MemoryMiB,
			MaxENIs: t.MaxENIs, IPv4PerENI: t.IPv4PerENI, AWSVPCTasks: t.AWSVPCTaskLimit(), TrunkingCompatible: t.TrunkingCompatible,
			GPUs: t.GPUs, GPUModel: t.GPUModel, GPUManufacturer: t.GPUManufacturer, GPUMemoryMiB: t.GPUMemoryMiB, PriceUSDPerHour: t.PriceUSDPerHour}
		if t.SupportsTrunking() {
			n := t.TrunkedAWSVPCTasks
			j.AWSVPCTasksTrunked = &n
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
