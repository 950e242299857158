package scheduler

import "github.com/ecssim/ecssim/models"

// PlaceOn implements models.Placer.
func (p *Pipeline) PlaceOn(t *models.Task, in *models.Instance) *models.PlacementError {
	panic("unimplemented")
}

// ScaleIn implements models.Placer.
func (p *Pipeline) ScaleIn(cands []*models.Task) *models.Task { panic("unimplemented") }
