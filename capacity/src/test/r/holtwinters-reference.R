# Reference values for HoltWintersTest and HoltWintersReferenceTest (dev.nines.capacity.forecast).
# Not run by CI. Produced with: Rscript holtwinters-reference.R   (R 4.2.2 Patched, Debian r-base-core)
# Also writes the data sets the tests read (one value per line) and the table of fitted models
# (holtwinters-fits.tsv) when given an output directory:
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

# Fitted SES, Holt and (for seasonal data) additive and multiplicative models on R's data sets, from R's
# default start values. HoltWintersReferenceTest checks that Nines' SSE is never above R's.
# co2 is the long, strongly trending monthly series of the issue: Holt reaches alpha = beta = 1 in R.
fitsets <- list(co2 = co2, AirPassengers = AirPassengers, Nile = Nile, UKgas = UKgas,
                JohnsonJohnson = JohnsonJohnson, austres = austres, WWWusage = WWWusage, BJsales = BJsales,
                LakeHuron = LakeHuron, USAccDeaths = USAccDeaths, nottem = nottem, airmiles = airmiles,
                uspop = uspop, EuStockMarketsDAX = EuStockMarkets[, "DAX"])
rows <- character()
num <- function(v) if (is.logical(v)) "0" else format(as.numeric(v), digits = 15)
for (name in names(fitsets)) {
  x <- fitsets[[name]]
  if (length(args) == 1) {
    writeLines(format(as.numeric(x), digits = 15), file.path(args[1], paste0(name, ".txt")))
  }
  fits <- list(SES = HoltWinters(x, gamma = FALSE, beta = FALSE), Holt = HoltWinters(x, gamma = FALSE))
  if (frequency(x) > 1 && length(x) >= 2 * frequency(x)) {
    fits$additive <- HoltWinters(x)
    if (all(x > 0)) fits$multiplicative <- suppressWarnings(HoltWinters(x, seasonal = "multiplicative"))
  }
  for (model in names(fits)) {
    m <- fits[[model]]
    rows <- c(rows, paste(name, frequency(x), model, num(m$alpha), num(m$beta), num(m$gamma), format(m$SSE, digits = 15), sep = "\t"))
  }
}
table <- c("# dataset\tfrequency\tmodel\talpha\tbeta\tgamma\tSSE   (R's HoltWinters, default start values)", rows)
cat(table, sep = "\n")
if (length(args) == 1) writeLines(table, file.path(args[1], "holtwinters-fits.tsv"))
