package reports

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/ecssim/ecssim/internal/cut"
)

// maxSummaryNumber bounds every number of a summary but its seed: 2^53, the largest whole
// number a float64 holds exactly, is far beyond any count, second or dollar a run makes, and
// keeps the sums over seeds that a comparison takes finite (1e308 twice is +Inf).
const maxSummaryNumber = 1 << 53

// summaryMaps are the summary's objects keyed by a name (a service, a provider, a zone): their
// keys are named "*" in a number's path, so that a service called "availability" is not taken
// for a share.
var summaryMaps = map[string]bool{
	"services": true, "capacity.providers": true, "faults.zone_outage_seconds": true,
	"cost_usd.per_service": true, "cost_usd.per_workload": true, "cost_usd.per_provider": true,
}

// summaryFractions are the summary's shares, in [0, 1] (SPEC §4), by path.
var summaryFractions = map[string]bool{
	"utilization.cpu_reserved_mean": true, "utilization.memory_reserved_mean": true,
	"utilization.cpu_stranded_mean": true, "utilization.memory_stranded_mean": true,
	"utilization.gpu_reserved_mean": true, "utilization.gpu_stranded_mean": true,
	"resiliency.instance_loss_survival_mean": true, "resiliency.zone_loss_survival_mean": true,
	"resiliency.instance_loss_survival_worst": true, "resiliency.zone_loss_survival_worst": true,
	"services.*.availability": true, "services.*.min_healthy_held": true,
	"services.*.max_instance_share": true, "services.*.max_az_share": true,
	"services.*.max_instance_share_mean": true, "services.*.max_az_share_mean": true,
	"services.*.resiliency.instance_loss_survival.mean": true, "services.*.resiliency.instance_loss_survival.worst": true,
	"services.*.resiliency.zone_loss_survival.mean": true, "services.*.resiliency.zone_loss_survival.worst": true,
	"services.*.episodes[].served_fraction": true, "gpu.by_arrived[].allocated": true,
}

// SummaryRangeError is a number of a JSON summary outside its range, at byte Offset.
type SummaryRangeError struct {
	Path, Value, Want string
	Offset            int64
}

func (e *SummaryRangeError) Error() string {
	return fmt.Sprintf("%s is %s, want %s", cut.String(e.Path), cut.String(e.Value), e.Want)
}

// CheckSummaryRanges checks that every number of a JSON summary (a sweep's result line, whose
// "run" header is not the summary's and is left to its reader) is in its range: shares in
// [0, 1], every other number 0 to 2^53 (a service's lowest_healthy may be -1: none seen). A
// summary read back from a file is input, and one out of range would skew a comparison
// silently. Malformed JSON is left to the decoder that reads the summary.
func CheckSummaryRanges(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	err := checkSummaryValue(dec, "", "", 0)
	if _, ok := err.(*SummaryRangeError); ok {
		return err
	}
	return nil
}

// maxPathDepth is as deep as paths grow: the summary's own are about 6 deep, and a path
// rebuilt at each of a junk file's 10,000 levels would cost its depth for every number.
const maxPathDepth = 16

// checkSummaryValue reads the value at path, depth levels into the document, and checks its
// numbers; pattern is path with the names of summaryMaps' members as "*".
func checkSummaryValue(dec *json.Decoder, path, pattern string, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch v := tok.(type) {
	case json.Delim:
		elem, elemPat := path+"[]", pattern+"[]"
		if depth >= maxPathDepth {
			elem, elemPat = path, pattern
		}
		for dec.More() {
			p, pat := elem, elemPat
			if v == '{' {
				key, err := dec.Token()
				if err != nil {
					return err
				}
				name, _ := key.(string) // an object's keys are strings: the decoder says so
				var skip bool
				if p, pat, skip, err = summaryChild(dec, path, pattern, name, depth); skip || err != nil {
					if err == nil {
						continue
					}
					return err
				}
			}
			if err := checkSummaryValue(dec, p, pat, depth+1); err != nil {
				return err
			}
		}
		_, err := dec.Token() // the closing delimiter
		return err
	case json.Number:
		return checkSummaryNumber(path, pattern, v, dec.InputOffset()-int64(len(v)))
	}
	return nil
}

// summaryChild is the path and pattern of a member of an object depth levels in; skip for the
// top level's "run" header, which it reads past. (A key may be empty, so the path cannot say
// where the top is.) Past maxPathDepth the path stops growing.
func summaryChild(dec *json.Decoder, path, pattern, key string, depth int) (p, pat string, skip bool, err error) {
	switch {
	case depth >= maxPathDepth:
		return path, pattern, false, nil
	case depth == 0:
		if key == "run" {
			var header json.RawMessage
			return "", "", true, dec.Decode(&header)
		}
		return key, key, false, nil
	}
	if summaryMaps[pattern] {
		return path + "." + key, pattern + ".*", false, nil
	}
	return path + "." + key, pattern + "." + key, false, nil
}

func checkSummaryNumber(path, pattern string, n json.Number, off int64) error {
	if pattern == "seed" { // any uint64, which its decoder checks
		return nil
	}
	lo, hi, want := 0.0, float64(maxSummaryNumber), "a number from 0 to 2^53"
	switch {
	case summaryFractions[pattern]:
		lo, hi, want = 0, 1, "a share from 0 to 1"
	case pattern == "services.*.lowest_healthy":
		lo, want = -1, "-1 (none seen) or a count"
	}
	f, err := n.Float64()
	if err != nil || !(f >= lo && f <= hi) {
		return &SummaryRangeError{Path: path, Value: n.String(), Want: want, Offset: off}
	}
	return nil
}
