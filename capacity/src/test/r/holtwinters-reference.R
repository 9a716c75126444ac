# Reference values for HoltWintersTest (dev.nines.capacity.forecast).
# Not run by CI. Produced with: Rscript holtwinters-reference.R   (R 4.2.2 Patched, Debian r-base-core)
# Also writes the data sets the tests read (one value per line) when given an output directory:
#   Rscript holtwinters-reference.R ../resources/dev/nines/capacity/forecast
args <- commandArgs(trailingOnly = TRUE)
options(digits = 12)
cat("#", R.version.string, "\n")
if (length(args) == 1) {
  writeLines(format(as.numeric(AirPassengers), digits = 12), file.path(args[1], "AirPassengers.txt"))
  writeLines(format(as.numeric(co2), digits = 12, nsmall = 2), file.path(args[1], "co2.txt"))
  writeLines(format(as.numeric(Nile), digits = 12), file.path(args[1], "Nile.txt"))
}
# Synthetic series: hourly-style, period 24, trend, daily cycle, deterministic "noise".
synthetic <- function() {
  t <- 0:(24 * 14 - 1)
  ts(1000 + 0.5 * t + 200 * sin(2 * pi * t / 24) + 30 * sin(t * 1.7) + 15 * cos(t * 0.37), frequency = 24)
}
show <- function(label, m, h) {
  cat("==", label, "\n")
  cat("alpha =", format(m$alpha, digits = 12), "\n")
  cat("beta  =", format(m$beta, digits = 12), "\n")
  cat("gamma =", format(m$gamma, digits = 12), "\n")
  cat("SSE   =", format(m$SSE, digits = 14), "\n")
  cat("coef  =", format(m$coefficients, digits = 12), "\n")
  p <- predict(m, n.ahead = h, prediction.interval = TRUE, level = 0.95)
  cat("fit   =", format(as.numeric(p[, "fit"]), digits = 12), "\n")
  cat("upr   =", format(as.numeric(p[, "upr"]), digits = 12), "\n")
  cat("lwr   =", format(as.numeric(p[, "lwr"]), digits = 12), "\n")
}
show("HoltWinters(AirPassengers, seasonal = \"multiplicative\")", HoltWinters(AirPassengers, seasonal = "multiplicative"), 12)
show("HoltWinters(AirPassengers)", HoltWinters(AirPassengers), 12)
show("HoltWinters(co2)", HoltWinters(co2), 12)
show("HoltWinters(co2, alpha = 0.5, beta = 0.01, gamma = 0.5)", HoltWinters(co2, alpha = 0.5, beta = 0.01, gamma = 0.5), 12)
show("HoltWinters(AirPassengers, alpha = 0.3, beta = 0.05, gamma = 0.7, seasonal = \"multiplicative\")",
     HoltWinters(AirPassengers, alpha = 0.3, beta = 0.05, gamma = 0.7, seasonal = "multiplicative"), 24)
show("HoltWinters(Nile, gamma = FALSE)", HoltWinters(Nile, gamma = FALSE), 5)
show("HoltWinters(Nile, gamma = FALSE, beta = FALSE)", HoltWinters(Nile, gamma = FALSE, beta = FALSE), 5)
show("HoltWinters(synthetic())", HoltWinters(synthetic()), 48)
show("HoltWinters(synthetic(), seasonal = \"multiplicative\")", HoltWinters(synthetic(), seasonal = "multiplicative"), 48)
