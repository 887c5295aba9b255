package cli

import (
	"sync"
	"time"

	"github.com/practicegraph/practicegraph/search"
	"github.com/prometheus/client_golang/prometheus"
)

// indexState is how far the search index is behind the graph, as the last catch-up saw
// it, for /metrics.
type indexState struct {
	mu           sync.Mutex
	graphVersion int64
	indexVersion int64
	inStepAt     time.Time // when the index was last seen in step with the graph
	indexed      float64   // documents indexed (or re-indexed) by catch-ups and rebuilds
	deleted      float64
	rebuilds     float64
}

// seen records what one catch-up (or its failure, with the graph version read before
// it) found.
func (s *indexState) seen(graphVersion int64, rep search.SyncReport, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.graphVersion = max(s.graphVersion, graphVersion, rep.To)
	if err == nil {
		s.indexVersion = rep.To
		s.indexed += float64(rep.Indexed)
		s.deleted += float64(rep.Deleted)
		if rep.Rebuilt {
			s.rebuilds++
		}
		if s.indexVersion >= s.graphVersion {
			s.inStepAt = time.Now()
		}
	}
}

// lag returns the versions and seconds the index is behind: seconds count from when
// it was last seen in step, and are 0 while it is.
func (s *indexState) lag() (versions, seconds float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.graphVersion - s.indexVersion
	if v <= 0 || s.inStepAt.IsZero() {
		return max(float64(v), 0), 0
	}
	return float64(v), time.Since(s.inStepAt).Seconds()
}

// collectors are the services' Prometheus metrics: Neo4j round trips, their duration
// and the queries in flight; the search index's lag and catch-up work.
func (s *Services) collectors() []prometheus.Collector {
	queries := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "practicegraph_neo4j_query_duration_seconds",
		Help:    "Neo4j round trips and their duration, by kind (read, write) and outcome (ok, error).",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"kind", "outcome"})
	s.Store.ObserveQueries(func(kind string, d time.Duration, err error) {
		outcome := "ok"
		if err != nil {
			outcome = "error"
		}
		queries.WithLabelValues(kind, outcome).Observe(d.Seconds())
	})
	gauge := func(name, help string, fn func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, fn)
	}
	counter := func(name, help string, fn func() float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, fn)
	}
	locked := func(p *float64) func() float64 {
		return func() float64 { s.index.mu.Lock(); defer s.index.mu.Unlock(); return *p }
	}
	return []prometheus.Collector{
		queries,
		gauge("practicegraph_neo4j_queries_in_flight", "Neo4j queries waiting for an answer: the connections in use.",
			func() float64 { return float64(s.Store.InFlight()) }),
		gauge("practicegraph_search_index_lag_versions", "Graph versions the search index is behind, as of the last catch-up.",
			func() float64 { v, _ := s.index.lag(); return v }),
		gauge("practicegraph_search_index_lag_seconds", "Seconds since the search index was last in step with the graph; 0 while it is.",
			func() float64 { _, sec := s.index.lag(); return sec }),
		gauge("practicegraph_graph_version", "The graph's version counter, as of the last catch-up.",
			func() float64 { s.index.mu.Lock(); defer s.index.mu.Unlock(); return float64(s.index.graphVersion) }),
		gauge("practicegraph_search_index_version", "The graph version the search index holds.",
			func() float64 { s.index.mu.Lock(); defer s.index.mu.Unlock(); return float64(s.index.indexVersion) }),
		counter("practicegraph_search_indexed_documents_total", "Documents written to the search index by catch-ups and rebuilds.", locked(&s.index.indexed)),
		counter("practicegraph_search_deleted_documents_total", "Documents removed from the search index by catch-ups.", locked(&s.index.deleted)),
		counter("practicegraph_search_rebuilds_total", "Whole rebuilds of the search index.", locked(&s.index.rebuilds)),
		counter("practicegraph_search_result_cache_hits_total", "Searches answered from the results kept since the index last changed.",
			func() float64 { h, _ := s.Index.ResultCacheStats(); return float64(h) }),
		counter("practicegraph_search_result_cache_misses_total", "Searches computed on the index (not kept, or the index changed since).",
			func() float64 { _, m := s.Index.ResultCacheStats(); return float64(m) }),
		gauge("practicegraph_search_rebuild_in_progress", "1 while a whole rebuild of the search index runs beside the serving one, else 0.",
			func() float64 {
				if _, ok := s.Index.Rebuilding(); ok {
					return 1
				}
				return 0
			}),
		gauge("practicegraph_search_rebuild_indexed_documents", "Documents the rebuild under way has written; 0 when none runs.",
			func() float64 { p, _ := s.Index.Rebuilding(); return float64(p.Indexed) }),
		gauge("practicegraph_search_rebuild_total_documents", "Documents the rebuild under way will write (0 until it has read the graph, or when none runs).",
			func() float64 { p, _ := s.Index.Rebuilding(); return float64(p.Total) }),
	}
}
