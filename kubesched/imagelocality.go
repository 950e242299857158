package kubesched

import "github.com/ecssim/ecssim/models"

// ImageLocality's thresholds (imagelocality/image_locality.go): below 23 MB of images already
// on the node the score is 0, and it reaches 100 at 1000 MB per container.
const (
	mb                    = 1024 * 1024
	minThreshold          = 23 * mb
	maxContainerThreshold = 1000 * mb
)

// imageScore is ImageLocality (image_locality.go Score, sumImageScores, scaledImageScore,
// calculatePriority): for the pod's image on the node, its size in bytes scaled by the share
// of all nodes that have it (spread = nodes with the image / all nodes, which damps images
// every node has); the sum, clamped to [23 MB, 1000 MB × containers], maps linearly to
// 0–100. A task definition has one image for all its containers, so the sum has at most one
// term. The plugin has no NormalizeScore.
type imageScore struct{}

func (imageScore) name() string  { return ImageLocality }
func (imageScore) weight() int64 { return WeightImageLocality }

func (imageScore) score(c *cycle, nodes []*models.Instance, dst []int64) {
	d := c.pod.task.Def
	containers := int64(max(len(d.Containers), 1))
	var size, having int64
	if d.Image != nil {
		size = d.Image.SizeMiB * mb
		for _, in := range c.nodes {
			if c.hasImage(in, d.Image.Name) {
				having++
			}
		}
	}
	for i, in := range nodes {
		has := d.Image != nil && c.hasImage(in, d.Image.Name)
		dst[i] = imageNodeScore(size, having, int64(len(c.nodes)), containers, has)
	}
}

// imageNodeScore is one node's score for an image of size bytes that having of nodes nodes
// hold: scaledImageScore, size·(having/nodes) truncated, if this node has it, through
// calculatePriority.
func imageNodeScore(size, having, nodes, containers int64, has bool) int64 {
	var sum int64
	if has {
		sum = int64(float64(size) * (float64(having) / float64(nodes)))
	}
	return imagePriority(sum, containers)
}

// imagePriority is calculatePriority: sum clamped to [minThreshold, maxThreshold] mapped to
// 0–100 in integers.
func imagePriority(sum, containers int64) int64 {
	maxThreshold := maxContainerThreshold * containers
	sum = min(max(sum, minThreshold), maxThreshold)
	return MaxNodeScore * (sum - minThreshold) / (maxThreshold - minThreshold)
}

// hasImage reports whether the node lists the image in Node.status.images: its cache holds
// it, and, when the profile knows the time, its pull has finished.
func (c *cycle) hasImage(in *models.Instance, name string) bool {
	ready, ok := in.CachedImage(name)
	if !ok {
		return false
	}
	return c.prof.Now == nil || ready <= c.prof.Now()
}
