package models

import (
	"fmt"
	"time"

	"github.com/ecssim/ecssim/sim"
)

// Registry is where images are pulled from. ECS does not say how fast a pull is, so ecssim
// models a pull as a fixed round trip plus the image's size over the registry's bandwidth, and
// lets a scenario set both per registry.
type Registry struct {
	// Name is the registry's host name, or "ecr" or "public" for the built-in ones.
	Name string
	// BandwidthMiBps is how many MiB per second one pull downloads and extracts.
	BandwidthMiBps float64
	// Latency is the round trip of a pull that finds every layer cached: authentication and
	// the manifest check.
	Latency time.Duration
	// Private registries need credentials in ECS_ENGINE_AUTH_DATA; without them the pull fails
	// with CannotPullContainerError. ECR authenticates with the task execution role instead.
	Private bool
}

// Built-in registries. The bandwidths are ecssim's choice, typical of an EC2 instance pulling
// from ECR in its region and from a public registry over the internet.
var (
	ECR            = &Registry{Name: "ecr", BandwidthMiBps: 80, Latency: time.Second}
	PublicRegistry = &Registry{Name: "public", BandwidthMiBps: 40, Latency: 2 * time.Second}
)

// DefaultPrivateRegistry returns the settings of a private registry a scenario names without
// saying how fast it is.
func DefaultPrivateRegistry(name string) *Registry {
	return &Registry{Name: name, BandwidthMiBps: 40, Latency: 2 * time.Second, Private: true}
}

// Image is a task definition's container image, as far as pulling it matters.
type Image struct {
	// Name is the image reference the cache keys on. Two task definitions with the same name
	// share cached layers; by default each revision has its own ("family:revision"), as a new
	// revision usually ships a new tag.
	Name     string
	SizeMiB  int64
	Registry *Registry
}

// PullTime is how long a full pull of the image takes.
func (im *Image) PullTime() time.Duration {
	if im == nil || im.Registry == nil {
		return 0
	}
	secs := float64(im.SizeMiB) / im.Registry.BandwidthMiBps
	return im.Registry.Latency + time.Duration(secs*float64(time.Second))
}

// pull works out how a task's image gets onto instance in at time now, under the instance's
// ECS_IMAGE_PULL_BEHAVIOR, and records the pull in the instance's image cache. It returns when
// the image is ready, or an error if the pull fails (a private registry without credentials).
//
// The cache holds each image the instance pulled and when that pull finishes; a task that
// needs an image another task is still pulling waits for the same pull, as Docker shares it.
//   - default and always contact the registry even when the layers are cached: the round trip
//     only (Registry.Latency); a cached image is never enough for them to skip it;
//   - once and prefer-cached use the cached image with no registry call at all;
//   - default falls back to a cached image when the pull fails, always does not.
func (in *Instance) pull(im *Image, now sim.Time) (sim.Time, error) {
	if im == nil || im.Registry == nil {
		return now, nil
	}
	ready, cached := in.images[im.Name]
	behavior := in.Agent.ImagePullBehavior
	if cached && (behavior == PullOnce || behavior == PullPreferCached) {
		return max(ready, now), nil
	}
	if im.Registry.Private && !in.Agent.HasEngineAuth(im.Registry.Name) {
		if cached && behavior != PullAlways {
			return max(ready, now), nil
		}
		return now.Add(im.Registry.Latency), fmt.Errorf("CannotPullContainerError: Error response from daemon: pull access denied for %s/%s, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
			im.Registry.Name, im.Name)
	}
	if cached {
		return max(ready, now.Add(im.Registry.Latency)), nil
	}
	if in.images == nil {
		in.images = map[string]sim.Time{}
	}
	ready = now.Add(im.PullTime())
	in.images[im.Name] = ready
	return ready, nil
}

// CachedImage reports whether the instance's image cache holds the image named name, and when
// its pull finishes or finished: a time still to come means a pull is under way, which a task
// needing the same image waits for (see pull). It lets explain say what a task's image pull
// found on its instance without touching the cache.
func (in *Instance) CachedImage(name string) (ready sim.Time, ok bool) {
	ready, ok = in.images[name]
	return ready, ok
}
