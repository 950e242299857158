package models

// Pricing is what capacity costs, in US dollars. The defaults are us-east-1 Linux list prices:
// EC2 on-demand from the instance catalog, Fargate per vCPU-hour and GB-hour from AWS's Fargate
// pricing page as quoted by Vantage ("fargate-pricing") and wring.co (2026-03-10), collected
// 2026-11-24 (ECS-REFERENCE §6.4). A scenario's [pricing] table overrides any of them.
type Pricing struct {
	FargateX86VCPUHour float64
	FargateX86GBHour   float64
	FargateARMVCPUHour float64
	FargateARMGBHour   float64
	// EC2SpotDiscount and FargateSpotDiscount are the share taken off the on-demand price.
	// Spot prices move with supply; ECS-REFERENCE §6.5 and §7.1 give "up to 70%" for Fargate
	// Spot (50-70% typical) and "up to 90%" for EC2 Spot. ecssim defaults to 70% and 60%.
	EC2SpotDiscount     float64
	FargateSpotDiscount float64
	// InstancePrices overrides the catalog's on-demand price per hour, by instance type.
	InstancePrices map[string]float64
}

// DefaultPricing returns the list prices above.
func DefaultPricing() Pricing {
	return Pricing{
		FargateX86VCPUHour:  0.04048,
		FargateX86GBHour:    0.004445,
		FargateARMVCPUHour:  0.03238,
		FargateARMGBHour:    0.00356,
		EC2SpotDiscount:     0.6,
		FargateSpotDiscount: 0.7,
	}
}

// InstanceHourly is what an instance costs per hour: its type's on-demand price (or the
// scenario's override), less the Spot discount for Spot instances.
func (p *Pricing) InstanceHourly(in *Instance) float64 { return p.TypeHourly(in.Type, in.Market) }

// TypeHourly is what an instance of typ bought on market costs per hour, as InstanceHourly: it
// prices an instance launched but not yet registered too.
func (p *Pricing) TypeHourly(typ *InstanceType, market Market) float64 {
	price := typ.PriceUSDPerHour
	if x, ok := p.InstancePrices[typ.Name]; ok {
		price = x
	}
	if market == Spot {
		price *= 1 - p.EC2SpotDiscount
	}
	return price
}

// FargateHourly is what a Fargate task of d costs per hour: its task-level vCPU and GB at the
// architecture's prices (GB is 1024 MiB, as Fargate bills it), less the Spot discount on
// FARGATE_SPOT. An EKS pod costs FargatePodHourly at its pod size (TaskDefinition.FargateSize),
// which has no Spot.
func (p *Pricing) FargateHourly(d *TaskDefinition, spot bool) float64 {
	if d.Kube != nil {
		return p.FargatePodHourly(d.FargateSize())
	}
	return p.fargateSizeHourly(d.Charge(), d.CPUArchitecture == "ARM64", spot)
}

// FargatePodHourly is what an EKS pod on Fargate of size (FargatePodSize: CPU in ECS units,
// memory in MiB) costs per hour: the Linux/x86 prices, as for an ECS task of that size. One
// price list covers both services, and ARM and Windows are for ECS only (aws.amazon.com/
// fargate/pricing); EKS on Fargate has no Fargate Spot (EKSUG fargate.adoc, "Fargate
// considerations"). EKS-REFERENCE (b).
func (p *Pricing) FargatePodHourly(size Resources) float64 {
	return p.fargateSizeHourly(size, false, false)
}

// fargateSizeHourly is the hourly price of a Fargate micro-VM of size (CPU units, MiB) on ARM
// or x86, on Spot or not: vCPU and GB (1024 MiB) at the architecture's prices, less the Spot
// discount.
func (p *Pricing) fargateSizeHourly(size Resources, arm, spot bool) float64 {
	vcpu, gb := p.FargateX86VCPUHour, p.FargateX86GBHour
	if arm {
		vcpu, gb = p.FargateARMVCPUHour, p.FargateARMGBHour
	}
	price := float64(size.CPU)/1024*vcpu + float64(size.MemoryMiB)/1024*gb
	if spot {
		price *= 1 - p.FargateSpotDiscount
	}
	return price
}
