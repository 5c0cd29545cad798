// Scaling models fitted to timings: Amdahl, the Universal Scalability Law and Gustafson.
//
// Each model is linear in its coefficients once written for time (or scaled speedup), so it is
// fitted by weighted linear least squares (Eigen), weighting each repetition by 1/T so residuals
// are relative, as timing noise is. Parameter intervals come from the coefficient covariance by
// the delta method with Student's t quantiles (Boost.Math). docs/models.md has the formulas.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sb {

// One observation: a repetition (relative_se 0), or a thread count's process-level summary with
// its relative standard error and degrees of freedom. When every sample carries a standard error
// the fit weights each by it and takes its intervals' degrees of freedom from the fewest
// processes, not from counting samples.
struct Sample {
  double threads = 1;
  double seconds = 0;
  double relative_se = 0;
  double dof = 0;
};

struct Parameter {
  std::string name;
  double value = 0;
  double standard_error = 0;
  double low = 0, high = 0;  // 95% interval
};

struct ModelFit {
  std::string model;  // "amdahl", "usl", "gustafson"
  bool fitted = false;
  std::string refusal;  // why not, when !fitted
  std::vector<Parameter> parameters;
  std::vector<double> residuals;  // relative: (observed - model) / observed, one per sample
  double r_squared = 0;           // on the relative scale
  double aic = 0;
  int samples = 0;
  int distinct_threads = 0;
  std::string note;  // e.g. a parameter outside the model's domain
  const Parameter* find(const std::string& name) const;
};

// T(p) = T1 (s + (1 - s) / p). Parameters: t1_seconds, serial_fraction, and from at least 3
// distinct thread counts speedup_limit (1/s): an extrapolation two counts cannot support.
// Needs at least 2 distinct thread counts.
ModelFit fit_amdahl(const std::vector<Sample>& samples);

// T(p) = T1 (1 + sigma (p - 1) + kappa p (p - 1)) / p. Parameters: t1_seconds, sigma, kappa,
// peak_threads (sqrt((1 - sigma) / kappa)). Needs at least 3 distinct thread counts: two fix
// Amdahl's s but cannot separate sigma from kappa.
ModelFit fit_usl(const std::vector<Sample>& samples);

// Weak scaling (size grows with p): scaled speedup S(p) = p T1 / T(p) = s + (1 - s) p.
// Parameters: serial_fraction. Needs at least 2 distinct thread counts.
ModelFit fit_gustafson(const std::vector<Sample>& samples, double t1_seconds);

// "amdahl (AIC lower by X)" or "usl (...)", or a sentence saying why the data cannot tell.
std::string preferred_model(const ModelFit& amdahl, const ModelFit& usl);

}  // namespace sb
