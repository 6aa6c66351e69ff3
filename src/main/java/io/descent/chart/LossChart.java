package io.descent.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** Loss curves drawn as SVG with JFreeChart: one line per series, axes, title and legend. */
public final class LossChart {

    /** One curve: points (epoch, loss); {@code dashed} draws validation curves apart from training ones. */
    public record Curve(String label, List<double[]> points, boolean dashed) {
    }

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private LossChart() {
    }

    /**
     * Draws the curves. Curves sharing a colour group (train and validation of one run) get one colour, solid for
     * training and dashed for validation. A log scale is used when the losses span more than two decades.
     */
    public static String svg(String title, List<Curve> curves, List<Integer> colourGroups, int width, int height) {
        XYSeriesCollection data = new XYSeriesCollection();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Curve c : curves) {
            XYSeries s = new XYSeries(c.label(), false, true);
            for (double[] p : c.points()) {
                if (Double.isFinite(p[1])) {
                    s.add(p[0], p[1]);
                    if (p[1] > 0) {
                        min = Math.min(min, p[1]);
                    }
                    max = Math.max(max, p[1]);
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", "loss", data, PlotOrientation.VERTICAL,
                true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        NumberAxis epochs = (NumberAxis) plot.getDomainAxis();
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        if (min > 0 && Double.isFinite(min) && max / min > 100) {
            org.jfree.chart.axis.LogAxis log = new org.jfree.chart.axis.LogAxis("loss (log scale)");
            log.setSmallestValue(min / 2);
            plot.setRangeAxis(log);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < curves.size(); i++) {
            int group = colourGroups == null ? i : colourGroups.get(i);
            renderer.setSeriesPaint(i, PALETTE[Math.floorMod(group, PALETTE.length)]);
            renderer.setSeriesStroke(i, curves.get(i).dashed()
                    ? new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(1.8f));
        }
        plot.setRenderer(renderer);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new java.awt.Rectangle(0, 0, width, height));
        return g.getSVGDocument();
    }

    /** Groups for curves listed as train, validation, train, validation, … */
    public static List<Integer> pairedGroups(int curves) {
        List<Integer> groups = new ArrayList<>();
        for (int i = 0; i < curves; i++) {
            groups.add(i / 2);
        }
        return groups;
    }
}
