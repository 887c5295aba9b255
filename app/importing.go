package app

import (
	"context"
	"fmt"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/seed"
)

// seedHashKey is the graph bookkeeping value holding the hash of the seed last loaded.
const seedHashKey = "seedHash"

// Import checks decoded data files against the graph (every problem named by file and
// line) and writes them in one transaction, whole or not at all; the store validates
// every record again with the same rules. Importing the same files twice changes
// nothing but the graph's version.
func (a *App) Import(ctx context.Context, in *seed.Input) (graph.ChangeResult, error) {
	if err := in.Validate(ctx, a.Store.Existing); err != nil {
		return graph.ChangeResult{}, err
	}
	out, err := a.commit(ctx, in.Changeset())
	if err != nil {
		return graph.ChangeResult{}, fmt.Errorf("import: %w", err)
	}
	return out.Result, nil
}

// LoadSeed loads the seed files of dir like Import. When the graph already holds
// exactly these files it writes nothing and returns unchanged, so loading twice
// changes nothing, not even the graph's version.
func (a *App) LoadSeed(ctx context.Context, dir string) (res graph.ChangeResult, unchanged bool, err error) {
	sum, err := seed.HashDir(dir)
	if err != nil {
		return res, false, err
	}
	meta, err := a.Store.Meta(ctx)
	if err != nil {
		return res, false, err
	}
	if meta[seedHashKey] == sum {
		v, err := a.Store.Version(ctx)
		return graph.ChangeResult{Version: v}, true, err
	}
	in, err := seed.ReadDir(dir)
	if err != nil {
		return res, false, err
	}
	if err := in.Validate(ctx, a.Store.Existing); err != nil {
		return res, false, err
	}
	cs := in.Changeset()
	cs.Meta = map[string]string{seedHashKey: sum}
	out, err := a.commit(ctx, cs)
	if err != nil {
		return res, false, fmt.Errorf("seed: load %s: %w", dir, err)
	}
	return out.Result, false, nil
}
