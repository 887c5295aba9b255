package seed

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/practicegraph/practicegraph/graph"
)

// seedHashKey is the graph bookkeeping value holding the hash of the seed last loaded.
const seedHashKey = "seedHash"

// LoadDir loads the seed files of dir: validated whole, then written in one
// transaction. When the graph already holds exactly these files it writes nothing and
// returns unchanged, so loading twice changes nothing, not even the graph's version.
func LoadDir(ctx context.Context, store graph.Store, dir string) (res graph.ChangeResult, unchanged bool, err error) {
	sum, err := hashDir(dir)
	if err != nil {
		return res, false, err
	}
	meta, err := store.Meta(ctx)
	if err != nil {
		return res, false, err
	}
	if meta[seedHashKey] == sum {
		v, err := store.Version(ctx)
		return graph.ChangeResult{Version: v}, true, err
	}
	in, err := ReadDir(dir)
	if err != nil {
		return res, false, err
	}
	if err := in.Validate(ctx, store.Existing); err != nil {
		return res, false, err
	}
	cs := in.Changeset()
	cs.Meta = map[string]string{seedHashKey: sum}
	res, err = store.Apply(ctx, cs)
	if err != nil {
		return res, false, fmt.Errorf("seed: load %s: %w", dir, err)
	}
	return res, false, nil
}

// hashDir hashes the names and contents of the data files of dir, in name order.
func hashDir(dir string) (string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.y*ml"))
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return "", fmt.Errorf("seed: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.Base(n), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
