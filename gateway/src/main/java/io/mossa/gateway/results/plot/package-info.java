/**
 * Plots drawn without a charting library: curves, box plots and heatmaps as SVG, and the same drawings as PNG.
 */
package io.mossa.gateway.results.plot;
