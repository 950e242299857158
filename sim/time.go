package sim

import (
	"math"
	"strconv"
	"time"
)

// Time is a point in virtual time: the exact offset since the run started. It is an integer
// number of nanoseconds, so there is no floating-point drift and equal times compare equal.
type Time time.Duration

// Never is later than every time an event can be scheduled at.
const Never Time = math.MaxInt64

// Add returns t+d, saturating at Never rather than wrapping past it.
func (t Time) Add(d time.Duration) Time {
	if d > 0 && t > Never-Time(d) {
		return Never
	}
	return t + Time(d)
}

// Sub returns the duration t-u.
func (t Time) Sub(u Time) time.Duration { return time.Duration(t - u) }

// Seconds returns t in seconds.
func (t Time) Seconds() float64 { return time.Duration(t).Seconds() }

// String formats t as a duration since the start, e.g. "1h30m0s".
func (t Time) String() string {
	if t == Never {
		return "never"
	}
	return time.Duration(t).String()
}

// AppendSeconds appends t in seconds with the shortest exact decimal form, the format used by
// traces ("12.5"). It does not allocate when dst has room.
func (t Time) AppendSeconds(dst []byte) []byte {
	ns := int64(t)
	if ns%int64(time.Second) == 0 {
		return strconv.AppendInt(dst, ns/int64(time.Second), 10)
	}
	return strconv.AppendFloat(dst, float64(ns)/1e9, 'f', -1, 64)
}
