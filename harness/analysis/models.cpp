#include "harness/analysis/models.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <set>

namespace sb {
namespace {

struct LinearFit {
  Eigen::VectorXd coefficients;
  Eigen::MatrixXd covariance;
  Eigen::VectorXd relative_residuals;
  double rss = 0;  // of the relative residuals
  int dof = 0;     // residual degrees of freedom
  double t_dof = 0;  // of the intervals: residual, or the fewest processes' when errors are known
};

// Every sample's relative standard error is known (process-level summaries).
bool errors_known(const std::vector<Sample>& samples) {
  for (const Sample& s : samples) {
    if (!(s.relative_se > 0) || !(s.dof > 0)) return false;
  }
  return !samples.empty();
}

// Minimises sum (w_i (y_i - x_i . c))^2. With w_i = 1 / y_i the residuals are relative; with
// w_i = 1 / (y_i se_i) each is in units of its own standard error, whose known variance then gives
// the covariance (inflated when the residuals scatter more than the errors allow).
LinearFit weighted_least_squares(const Eigen::MatrixXd& design, const Eigen::VectorXd& observed,
                                 const Eigen::VectorXd& weight,
                                 const std::vector<Sample>& samples) {
  const bool known = errors_known(samples);
  Eigen::VectorXd w = weight;
  if (known) {
    for (Eigen::Index i = 0; i < w.size(); ++i) w(i) /= samples[i].relative_se;
  }
  const Eigen::MatrixXd a = w.asDiagonal() * design;
  const Eigen::VectorXd b = w.asDiagonal() * observed;
  LinearFit fit;
  fit.coefficients = a.colPivHouseholderQr().solve(b);
  const Eigen::VectorXd residuals = b - a * fit.coefficients;
  fit.dof = static_cast<int>(observed.size() - design.cols());
  fit.relative_residuals = residuals;
  if (known) {
    double fewest = samples.front().dof;
    for (std::size_t i = 0; i < samples.size(); ++i) {
      fit.relative_residuals(i) = residuals(i) * samples[i].relative_se;
      fewest = std::min(fewest, samples[i].dof);
    }
    const double scatter = fit.dof > 0 ? residuals.squaredNorm() / fit.dof : 1.0;
    fit.covariance = std::max(1.0, scatter) * (a.transpose() * a).inverse();
    // Inflated by the residuals' scatter, the errors are known only to the residuals' degrees of
    // freedom.
    fit.t_dof = scatter > 1 ? std::min(static_cast<double>(fit.dof), fewest) : fewest;
  } else {
    const double variance = fit.dof > 0 ? residuals.squaredNorm() / fit.dof : 0.0;
    fit.covariance = variance * (a.transpose() * a).inverse();
    fit.t_dof = fit.dof;
  }
  fit.rss = fit.relative_residuals.squaredNorm();
  return fit;
}

double t_quantile(double dof) {
  if (dof <= 0) return 0;
  return boost::math::quantile(boost::math::students_t(dof), 0.975);
}

// A derived parameter f(c) with gradient g: standard error sqrt(g' C g).
Parameter derived(const std::string& name, double value, const Eigen::VectorXd& gradient,
                  const LinearFit& fit) {
  Parameter p{name, value, std::sqrt(std::max(0.0, gradient.dot(fit.covariance * gradient)))};
  if (fit.t_dof <= 0) {  // no degrees of freedom: no error estimate, no interval
    p.standard_error = p.low = p.high = std::numeric_limits<double>::quiet_NaN();
    return p;
  }
  const double half = t_quantile(fit.t_dof) * p.standard_error;
  p.low = value - half;
  p.high = value + half;
  return p;
}

int distinct(const std::vector<Sample>& samples) {
  std::set<double> threads;
  for (const Sample& s : samples) threads.insert(s.threads);
  return static_cast<int>(threads.size());
}

void add_note(ModelFit& model, const std::string& note) {
  model.note += (model.note.empty() ? "" : "; ") + note;
}

// AICc with the residual variance counted as a parameter; NaN when the samples are too few for
// it, or the fit is exact to rounding (then no model can be preferred on the residuals).
double corrected_aic(double rss, int n, int coefficients) {
  const int k = coefficients + 1;
  if (n - k - 1 <= 0 || rss <= n * 1e-20) return std::numeric_limits<double>::quiet_NaN();
  return n * std::log(rss / n) + 2.0 * k + 2.0 * k * (k + 1) / (n - k - 1);
}

// R^2 on the relative scale: 1 - RSS / TSS, TSS about the best constant c = sum(w y) / sum(w^2)
// under the same weights.
double relative_r_squared(const Eigen::VectorXd& observed, const Eigen::VectorXd& weight,
                          double rss) {
  const Eigen::VectorXd w2 = weight.cwiseProduct(weight);
  const double constant = w2.dot(observed) / w2.sum();
  const double tss =
      (weight.cwiseProduct(observed - Eigen::VectorXd::Constant(observed.size(), constant)))
          .squaredNorm();
  return tss > 0 ? 1.0 - rss / tss : 1.0;
}

void finish(ModelFit& model, const LinearFit& fit, int coefficients,
            const Eigen::VectorXd& observed, const Eigen::VectorXd& weight) {
  const int n = static_cast<int>(fit.relative_residuals.size());
  model.fitted = true;
  model.samples = n;
  model.residuals.assign(fit.relative_residuals.data(), fit.relative_residuals.data() + n);
  model.r_squared = relative_r_squared(observed, weight, fit.rss);
  model.aic = corrected_aic(fit.rss, n, coefficients);
  if (fit.t_dof <= 0) add_note(model, "as many coefficients as samples: no interval, no residual");
}

ModelFit refused(const std::string& model, const std::vector<Sample>& samples,
                 const std::string& why) {
  ModelFit fit;
  fit.model = model;
  fit.samples = static_cast<int>(samples.size());
  fit.distinct_threads = distinct(samples);
  fit.refusal = why;
  return fit;
}

}  // namespace

const Parameter* ModelFit::find(const std::string& name) const {
  for (const Parameter& p : parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

ModelFit fit_amdahl(const std::vector<Sample>& samples) {
  if (distinct(samples) < 2) {
    return refused("amdahl", samples, "needs at least 2 distinct thread counts");
  }
  // T(p) = a + b / p with a = T1 s, b = T1 (1 - s).
  Eigen::MatrixXd design(samples.size(), 2);
  Eigen::VectorXd observed(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    design(i, 0) = 1.0;
    design(i, 1) = 1.0 / samples[i].threads;
    observed(i) = samples[i].seconds;
  }
  const LinearFit fit =
      weighted_least_squares(design, observed, observed.cwiseInverse(), samples);
  const double a = fit.coefficients(0), b = fit.coefficients(1), t1 = a + b;
  ModelFit model;
  model.model = "amdahl";
  model.distinct_threads = distinct(samples);
  Eigen::Vector2d g_t1(1, 1), g_s(b / (t1 * t1), -a / (t1 * t1));
  const double s = a / t1;
  const Parameter serial = derived("serial_fraction", s, g_s, fit);
  // The limit 1/s takes its interval from s's ends (monotone), unbounded when s may be 0.
  Parameter limit{"speedup_limit", 1.0 / s, serial.standard_error / (s * s), 1.0 / serial.high,
                  serial.low > 0 ? 1.0 / serial.low : std::numeric_limits<double>::infinity()};
  if (!std::isfinite(serial.low)) limit.low = limit.high = std::numeric_limits<double>::quiet_NaN();
  model.parameters = {derived("t1_seconds", t1, g_t1, fit), serial};
  if (model.distinct_threads >= 3) model.parameters.push_back(limit);
  finish(model, fit, 2, observed, observed.cwiseInverse());
  if (s < 0 || s > 1) {
    add_note(model,
             "serial fraction outside [0, 1]: the data scale better (or worse) than Amdahl allows");
  }
  return model;
}

ModelFit fit_usl(const std::vector<Sample>& samples) {
  if (distinct(samples) < 3) {
    return refused("usl", samples,
                   "needs at least 3 distinct thread counts: two fix Amdahl's serial fraction but "
                   "cannot separate sigma from kappa");
  }
  // T(p) = c0 / p + c1 (p - 1) / p + c2 (p - 1), c0 = T1, c1 = T1 sigma, c2 = T1 kappa.
  Eigen::MatrixXd design(samples.size(), 3);
  Eigen::VectorXd observed(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const double p = samples[i].threads;
    design(i, 0) = 1.0 / p;
    design(i, 1) = (p - 1.0) / p;
    design(i, 2) = p - 1.0;
    observed(i) = samples[i].seconds;
  }
  const LinearFit fit =
      weighted_least_squares(design, observed, observed.cwiseInverse(), samples);
  const double c0 = fit.coefficients(0), c1 = fit.coefficients(1), c2 = fit.coefficients(2);
  const double sigma = c1 / c0, kappa = c2 / c0;
  ModelFit model;
  model.model = "usl";
  model.distinct_threads = distinct(samples);
  model.parameters = {derived("t1_seconds", c0, Eigen::Vector3d(1, 0, 0), fit),
                      derived("sigma", sigma, Eigen::Vector3d(-c1 / (c0 * c0), 1 / c0, 0), fit),
                      derived("kappa", kappa, Eigen::Vector3d(-c2 / (c0 * c0), 0, 1 / c0), fit)};
  if (kappa > 0 && sigma < 1) {
    // p* = sqrt((1 - sigma) / kappa): its interval from the ends of sigma's and kappa's (it falls
    // as either grows), unbounded above when kappa may be 0.
    const double peak = std::sqrt((1 - sigma) / kappa);
    const double d_sigma = -1.0 / (2 * peak * kappa), d_kappa = -peak / (2 * kappa);
    const Eigen::Vector3d g = d_sigma * Eigen::Vector3d(-c1 / (c0 * c0), 1 / c0, 0) +
                              d_kappa * Eigen::Vector3d(-c2 / (c0 * c0), 0, 1 / c0);
    Parameter p = derived("peak_threads", peak, g, fit);
    const Parameter& s_fit = model.parameters[1];
    const Parameter& k_fit = model.parameters[2];
    if (std::isfinite(s_fit.low)) {
      p.low = s_fit.high < 1 && k_fit.high > 0 ? std::sqrt((1 - s_fit.high) / k_fit.high) : 0.0;
      p.high = k_fit.low > 0 ? std::sqrt((1 - std::max(0.0, s_fit.low)) / k_fit.low)
                             : std::numeric_limits<double>::infinity();
    }
    model.parameters.push_back(p);
  }
  finish(model, fit, 3, observed, observed.cwiseInverse());
  if (sigma < 0 || kappa < 0) add_note(model, "sigma or kappa below 0: outside the model's domain");
  return model;
}

ModelFit fit_gustafson(const std::vector<Sample>& samples, double t1_seconds) {
  if (distinct(samples) < 2) {
    return refused("gustafson", samples, "needs at least 2 distinct thread counts");
  }
  // Scaled speedup S = p T1 / T(p) = s + (1 - s) p, i.e. S - p = s (1 - p): one coefficient,
  // residuals relative to S.
  Eigen::MatrixXd design(samples.size(), 1);
  Eigen::VectorXd observed(samples.size()), weight(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const double p = samples[i].threads;
    const double scaled_speedup = p * t1_seconds / samples[i].seconds;
    design(i, 0) = 1.0 - p;
    observed(i) = scaled_speedup - p;
    weight(i) = 1.0 / scaled_speedup;
  }
  const LinearFit fit = weighted_least_squares(design, observed, weight, samples);
  ModelFit model;
  model.model = "gustafson";
  model.distinct_threads = distinct(samples);
  model.parameters = {
      derived("serial_fraction", fit.coefficients(0), Eigen::VectorXd::Ones(1), fit)};
  finish(model, fit, 1, observed, weight);
  return model;
}

std::string preferred_model(const ModelFit& amdahl, const ModelFit& usl) {
  if (!amdahl.fitted) return "none: " + amdahl.refusal;
  if (!usl.fitted) return "amdahl (the only model the thread counts can identify)";
  if (!std::isfinite(amdahl.aic) || !std::isfinite(usl.aic)) {
    return "amdahl (the simpler; too few samples, or too exact a fit, for AIC to tell)";
  }
  const double delta = usl.aic - amdahl.aic;
  if (std::abs(delta) < 2)
    return "indistinguishable by AIC (difference below 2): prefer amdahl, the simpler";
  return fmt::format("{} (AIC lower by {:.1f})", delta < 0 ? "usl" : "amdahl", std::abs(delta));
}

}  // namespace sb
