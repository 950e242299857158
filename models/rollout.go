package models

// RollingUpdate is a Kubernetes Deployment's rolling update (apps/v1
// RollingUpdateDeployment): how many pods above the desired count a rollout may add
// (MaxSurge) and how many below it may be unavailable (MaxUnavailable), each a count or a
// percentage of the desired count. In an EKS run it bounds a service's deployments in place
// of ECS's minimumHealthyPercent and maximumPercent (Service.MinHealthy, Service.MaxTasks).
type RollingUpdate struct {
	MaxSurge, MaxUnavailable IntOrPercent
}

// IntOrPercent is Kubernetes' intstr.IntOrString as a rollout uses it: a count, or with
// Percent a percentage of the desired count.
type IntOrPercent struct {
	Value   int
	Percent bool
}

// DefaultRollingUpdate is a Deployment's default strategy: maxSurge 25%, maxUnavailable 25%
// (apps/v1 defaults, SetDefaults_Deployment).
var DefaultRollingUpdate = RollingUpdate{MaxSurge: IntOrPercent{25, true}, MaxUnavailable: IntOrPercent{25, true}}

// RollingUpdateFor is the rolling update an EKS run gives an ECS service: maxSurge
// maximumPercent − 100 and maxUnavailable 100 − minimumHealthyPercent, in percent, the two
// fenceposts ECS's bounds put around the desired count.
func RollingUpdateFor(minimumHealthyPercent, maximumPercent int) RollingUpdate {
	return RollingUpdate{
		MaxSurge:       IntOrPercent{max(maximumPercent-100, 0), true},
		MaxUnavailable: IntOrPercent{max(100-minimumHealthyPercent, 0), true},
	}
}

// Fenceposts returns the surge and unavailable pods of desired, as the Deployment controller
// resolves them (kubernetes pkg/controller/deployment/util ResolveFenceposts): a percentage of
// surge rounds up and one of unavailable rounds down (intstr.GetScaledValueFromIntOrPercent),
// and when both come to zero, one pod may be unavailable, "on the theory that surge might not
// work due to quota".
func (u RollingUpdate) Fenceposts(desired int) (surge, unavailable int) {
	surge, unavailable = u.MaxSurge.scaled(desired, true), u.MaxUnavailable.scaled(desired, false)
	if surge == 0 && unavailable == 0 {
		unavailable = 1
	}
	return surge, unavailable
}

// scaled is the count v stands for out of total: itself, or its percentage rounded up or
// down.
func (v IntOrPercent) scaled(total int, roundUp bool) int {
	if !v.Percent {
		return v.Value
	}
	if roundUp {
		return (v.Value*total + 99) / 100
	}
	return v.Value * total / 100
}
