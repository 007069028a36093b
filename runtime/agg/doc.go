// Package agg holds the accumulators of veloc's statistical and approximate
// aggregates (dialect.md, "Functions", Aggregates): STDDEV, STDDEV_SAMP,
// STDDEV_POP, VARIANCE, VAR_SAMP, VAR_POP (Moments); CORR, COVAR_POP,
// COVAR_SAMP, REGR_SLOPE, REGR_INTERCEPT, REGR_R2 (CoMoments);
// APPROX_COUNT_DISTINCT (HLL); MEDIAN, PERCENTILE_CONT and PERCENTILE_DISC
// (PercentileCont, PercentileDisc).
//
// Generated code keeps one accumulator per group (and window) by value, feeds
// it the non-NULL input values, and reads the result whenever it emits a row
// (after every input row with EMIT CHANGES, so reading is cheap and does not
// change the state). Results that SQL defines as NULL are reported with a
// false second return value. The zero value of every accumulator is an empty
// one, and Add does not allocate, except that an HLL allocates its small
// sparse set and, past a few thousand distinct values, its dense registers.
//
// Semantics follow PostgreSQL: the sample forms (VAR_SAMP, STDDEV_SAMP,
// COVAR_SAMP) are NULL below 2 values, the population forms below 1;
// CORR, REGR_SLOPE, REGR_INTERCEPT and REGR_R2 are NULL when x has zero
// variance, CORR also when y has; REGR_R2 is 1 when y is constant and x is
// not. An infinite or NaN input makes these results NaN.
//
// Moments and CoMoments update their means and (co)moments with Welford's
// algorithm, so values with a large common offset (around 1e9 with a small
// spread) do not lose their variance to cancellation as the textbook
// Σx² − (Σx)²/n formula does. Partial accumulators (one per core or per
// window pane) combine with Merge.
package agg
