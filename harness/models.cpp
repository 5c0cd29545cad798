#include "harness/models.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <set>

namespace sb {
namespace {

struct LinearFit {
  Eigen::VectorXd coefficients;
  Eigen::MatrixXd covariance;
  Eigen::VectorXd relative_residuals;
  double rss = 0;
  int dof = 0;
};

// Minimises sum (w_i (y_i - x_i . c))^2. With w_i = 1 / y_i the residuals are relative.
LinearFit weighted_least_squares(const Eigen::MatrixXd& design, const Eigen::VectorXd& observed,
                                 const Eigen::VectorXd& weight) {
  const Eigen::MatrixXd a = weight.asDiagonal() * design;
  const Eigen::VectorXd b = weight.asDiagonal() * observed;
  LinearFit fit;
  fit.coefficients = a.colPivHouseholderQr().solve(b);
  fit.relative_residuals = b - a * fit.coefficients;
  fit.rss = fit.relative_residuals.squaredNorm();
  fit.dof = static_cast<int>(observed.size() - design.cols());
  const double variance = fit.dof > 0 ? fit.rss / fit.dof : 0.0;
  fit.covariance = variance * (a.transpose() * a).inverse();
  return fit;
}

double t_quantile(int dof) {
  if (dof <= 0) return 0;
  return boost::math::quantile(boost::math::students_t(dof), 0.975);
}

// A derived parameter f(c) with gradient g: standard error sqrt(g' C g).
Parameter derived(const std::string& name, double value, const Eigen::VectorXd& gradient,
                  const LinearFit& fit) {
  Parameter p{name, value, std::sqrt(std::max(0.0, gradient.dot(fit.covariance * gradient)))};
  const double half = t_quantile(fit.dof) * p.standard_error;
  p.low = value - half;
  p.high = value + half;
  return p;
}

int distinct(const std::vector<Sample>& samples) {
  std::set<double> threads;
  for (const Sample& s : samples) threads.insert(s.threads);
  return static_cast<int>(threads.size());
}

void finish(ModelFit& model, const LinearFit& fit, int parameters) {
  const int n = static_cast<int>(fit.relative_residuals.size());
  model.fitted = true;
  model.samples = n;
  model.residuals.assign(fit.relative_residuals.data(), fit.relative_residuals.data() + n);
  // R^2 against the best constant on the same relative scale (all samples weigh alike).
  model.r_squared = 0;
  model.aic = n * std::log(std::max(fit.rss, 1e-300) / n) + 2.0 * parameters;
  if (fit.dof <= 0) model.note = "as many coefficients as samples: no interval, no residual";
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

double r_squared(const std::vector<Sample>& samples, const LinearFit& fit) {
  // Relative-scale R^2: 1 - RSS / TSS with TSS of log-free relative deviations from the mean.
  double mean = 0;
  for (const Sample& s : samples) mean += s.seconds;
  mean /= static_cast<double>(samples.size());
  double tss = 0;
  for (const Sample& s : samples) tss += std::pow((s.seconds - mean) / s.seconds, 2);
  return tss > 0 ? 1.0 - fit.rss / tss : 1.0;
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
  const LinearFit fit = weighted_least_squares(design, observed, observed.cwiseInverse());
  const double a = fit.coefficients(0), b = fit.coefficients(1), t1 = a + b;
  ModelFit model;
  model.model = "amdahl";
  model.distinct_threads = distinct(samples);
  Eigen::Vector2d g_t1(1, 1), g_s(b / (t1 * t1), -a / (t1 * t1));
  const double s = a / t1;
  Eigen::Vector2d g_limit = -g_s / (s * s);
  model.parameters = {derived("t1_seconds", t1, g_t1, fit), derived("serial_fraction", s, g_s, fit),
                      derived("speedup_limit", 1.0 / s, g_limit, fit)};
  finish(model, fit, 2);
  model.r_squared = r_squared(samples, fit);
  if (s < 0 || s > 1) {
    model.note = "serial fraction outside [0, 1]: the data scale better (or worse) than Amdahl allows";
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
  const LinearFit fit = weighted_least_squares(design, observed, observed.cwiseInverse());
  const double c0 = fit.coefficients(0), c1 = fit.coefficients(1), c2 = fit.coefficients(2);
  const double sigma = c1 / c0, kappa = c2 / c0;
  ModelFit model;
  model.model = "usl";
  model.distinct_threads = distinct(samples);
  model.parameters = {derived("t1_seconds", c0, Eigen::Vector3d(1, 0, 0), fit),
                      derived("sigma", sigma, Eigen::Vector3d(-c1 / (c0 * c0), 1 / c0, 0), fit),
                      derived("kappa", kappa, Eigen::Vector3d(-c2 / (c0 * c0), 0, 1 / c0), fit)};
  if (kappa > 0 && sigma < 1) {
    // p* = sqrt((1 - sigma) / kappa); gradient through sigma and kappa.
    const double peak = std::sqrt((1 - sigma) / kappa);
    const double d_sigma = -1.0 / (2 * peak * kappa), d_kappa = -peak / (2 * kappa);
    const Eigen::Vector3d g = d_sigma * Eigen::Vector3d(-c1 / (c0 * c0), 1 / c0, 0) +
                              d_kappa * Eigen::Vector3d(-c2 / (c0 * c0), 0, 1 / c0);
    model.parameters.push_back(derived("peak_threads", peak, g, fit));
  }
  finish(model, fit, 3);
  model.r_squared = r_squared(samples, fit);
  if (sigma < 0 || kappa < 0) model.note = "sigma or kappa below 0: outside the model's domain";
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
  const LinearFit fit = weighted_least_squares(design, observed, weight);
  ModelFit model;
  model.model = "gustafson";
  model.distinct_threads = distinct(samples);
  model.parameters = {derived("serial_fraction", fit.coefficients(0), Eigen::VectorXd::Ones(1), fit)};
  finish(model, fit, 1);
  return model;
}

std::string preferred_model(const ModelFit& amdahl, const ModelFit& usl) {
  if (!amdahl.fitted) return "none: " + amdahl.refusal;
  if (!usl.fitted) return "amdahl (the only model the thread counts can identify)";
  const double delta = usl.aic - amdahl.aic;
  if (std::abs(delta) < 2) return "indistinguishable by AIC (difference below 2): prefer amdahl, the simpler";
  return fmt::format("{} (AIC lower by {:.1f})", delta < 0 ? "usl" : "amdahl", std::abs(delta));
}

}  // namespace sb
