package se.servicekontor.videomote.bench.national;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import se.servicekontor.videomote.bench.harness.Usage;

/**
 * The national day as a PNG, drawn with Java2D (headless; no charting library for four line charts): the day's
 * arrivals, the p99 of "next" and of the slowest live client's push over the simulated day, the CPU the service,
 * PostgreSQL and the load generator used, and the p99s of the peak at each compression step against the goals.
 */
final class DayPlot {

    private static final int W = 1400;
    private static final int H = 1000;
    private static final Color SERVICE = new Color(0x1f, 0x5f, 0xa8);
    private static final Color PUSH = new Color(0xc2, 0x4e, 0x00);
    private static final Color POSTGRES = new Color(0x2e, 0x7d, 0x32);
    private static final Color GREY = new Color(0x77, 0x77, 0x77);

    private DayPlot() {
    }

    record Series(String label, double[] x, double[] y, Color color, boolean dashed) {
    }

    static void write(Path file, Simulation.Phase day, NationalDayScenario.PhaseFigures dayFigures,
            List<Usage.Sample> samples, List<NationalDayScenario.PhaseFigures> steps) throws Exception {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString(String.format(Locale.ROOT, "Videomöte: a national day simulated at %.0fx on one machine",
                day.compression), 40, 36);

        int buckets = day.arrivalsByBucket.size();
        double[] minutes = new double[buckets];
        double[] walkIns = new double[buckets];
        double[] nextP99 = new double[buckets];
        double[] pushP99 = new double[buckets];
        double realHours = day.bucketSeconds * day.compression / 3600.0;
        for (int b = 0; b < buckets; b++) {
            minutes[b] = day.minuteOf(b) + day.bucketSeconds * day.compression / 120.0;
            walkIns[b] = day.arrivalsByBucket.get(b)[0] / realHours;
            nextP99[b] = b < day.nextByBucket.size() ? day.nextByBucket.get(b).p99() : Double.NaN;
            pushP99[b] = b < dayFigures.pushByBucket().size() ? dayFigures.pushByBucket().get(b).p99() : Double.NaN;
        }
        double x0 = Simulation.DAY_START_MINUTE;
        double x1 = Simulation.DAY_END_MINUTE;
        chart(g, 40, 60, 640, 400, "Walk-ins arriving, per hour of the real day", "simulated time of day", false,
                x0, x1, 0, max(walkIns) * 1.15, true, List.of(new Series("walk-ins / h", minutes, walkIns, SERVICE, false)));

        double[] goalX = { x0, x1 };
        chart(g, 720, 60, 640, 400, "p99 per " + day.bucketSeconds + " s of wall time (ms, log scale)",
                "simulated time of day", true, x0, x1, 1, 10_000, true, List.of(
                        new Series("next visitor", minutes, nextP99, SERVICE, false),
                        new Series("push, slowest client", minutes, pushP99, PUSH, false),
                        new Series("goal next 100 ms", goalX, new double[] { 100, 100 }, SERVICE, true),
                        new Series("goal push 1 s", goalX, new double[] { 1000, 1000 }, PUSH, true)));

        List<double[]> cpu = new ArrayList<>();
        synchronized (samples) {
            for (int i = 1; i < samples.size(); i++) {
                Usage.Sample a = samples.get(i - 1);
                Usage.Sample b = samples.get(i);
                if (a.nanos() < day.startNanos || b.nanos() > day.endNanos) {
                    continue;
                }
                double mid = day.fromMinute + ((a.nanos() + b.nanos()) / 2.0 - day.startNanos) / 60e9 * day.compression;
                double[] c = b.coresSince(a);
                cpu.add(new double[] { mid, c[0], c[1], c[2] });
            }
        }
        double[] cx = cpu.stream().mapToDouble(c -> c[0]).toArray();
        chart(g, 40, 540, 640, 400, "CPU in use (cores; the machine has " + Runtime.getRuntime().availableProcessors()
                + ")", "simulated time of day", false, x0, x1, 0, Runtime.getRuntime().availableProcessors(), true,
                List.of(new Series("service", cx, cpu.stream().mapToDouble(c -> c[1]).toArray(), SERVICE, false),
                        new Series("PostgreSQL", cx, cpu.stream().mapToDouble(c -> c[2]).toArray(), POSTGRES, false),
                        new Series("load generator", cx, cpu.stream().mapToDouble(c -> c[3]).toArray(), GREY, false)));

        double[] sx = steps.stream().mapToDouble(f -> Math.log10(f.phase().compression)).toArray();
        double lo = sx.length == 0 ? 1 : Math.floor(min(sx) * 10 - 1) / 10;
        double hi = sx.length == 0 ? 3 : Math.ceil(max(sx) * 10 + 1) / 10;
        chart(g, 720, 540, 640, 400, "Morning peak, p99 by compression (ms, log scale)",
                "compression factor (log scale)", true, lo, hi, 1, 10_000, false, List.of(
                        new Series("next visitor", sx, steps.stream().mapToDouble(f -> f.phase().latency("next").p99())
                                .toArray(), SERVICE, false),
                        new Series("push, slowest client", sx, steps.stream().mapToDouble(f -> f.push().p99()).toArray(),
                                PUSH, false),
                        new Series("goal next 100 ms", new double[] { lo, hi }, new double[] { 100, 100 }, SERVICE, true),
                        new Series("goal push 1 s", new double[] { lo, hi }, new double[] { 1000, 1000 }, PUSH, true)));
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    /**
     * One line chart in the box (x, y, w, h). {@code clockX}: x values are minutes of the day, labelled hh:mm;
     * otherwise they are log10 of a factor, labelled as the factor.
     */
    private static void chart(Graphics2D g, int x, int y, int w, int h, String title, String xLabel, boolean logY,
            double xMin, double xMax, double yMin, double yMax, boolean clockX, List<Series> series) {
        int left = x + 70;
        int top = y + 30;
        int right = x + w - 10;
        int bottom = y + h - 70;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, x, y + 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double yLo = logY ? Math.log10(yMin) : yMin;
        double yHi = logY ? Math.log10(yMax) : (yMax <= yMin ? yMin + 1 : yMax);
        // Grid and labels.
        g.setColor(new Color(0xdd, 0xdd, 0xdd));
        List<double[]> yTicks = new ArrayList<>();
        if (logY) {
            for (double v = yMin; v <= yMax * 1.001; v *= 10) {
                yTicks.add(new double[] { Math.log10(v), v });
            }
        } else {
            double step = niceStep((yHi - yLo) / 5);
            for (double v = Math.ceil(yLo / step) * step; v <= yHi + 1e-9; v += step) {
                yTicks.add(new double[] { v, v });
            }
        }
        for (double[] t : yTicks) {
            int py = (int) (bottom - (t[0] - yLo) / (yHi - yLo) * (bottom - top));
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.drawLine(left, py, right, py);
            g.setColor(Color.BLACK);
            String label = t[1] >= 1000 ? String.format(Locale.ROOT, "%,.0f", t[1])
                    : t[1] == Math.rint(t[1]) ? String.format(Locale.ROOT, "%.0f", t[1])
                            : String.format(Locale.ROOT, "%.1f", t[1]);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), py + 4);
        }
        List<double[]> xTicks = new ArrayList<>();
        if (clockX) {
            for (double m = Math.ceil(xMin / 60) * 60; m <= xMax; m += 60) {
                xTicks.add(new double[] { m, m });
            }
        } else {
            for (double e = Math.ceil(xMin); e <= xMax; e += 1) {
                for (double k : new double[] { 1, 2, 5 }) {
                    double v = Math.log10(k) + e;
                    if (v >= xMin && v <= xMax) {
                        xTicks.add(new double[] { v, k * Math.pow(10, e) });
                    }
                }
            }
            for (double k : new double[] { 1, 2, 5 }) {
                double v = Math.log10(k) + Math.floor(xMin);
                if (v >= xMin && v <= xMax && xTicks.stream().noneMatch(t -> t[0] == v)) {
                    xTicks.add(new double[] { v, k * Math.pow(10, Math.floor(xMin)) });
                }
            }
        }
        for (double[] t : xTicks) {
            int px = (int) (left + (t[0] - xMin) / (xMax - xMin) * (right - left));
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.drawLine(px, top, px, bottom);
            g.setColor(Color.BLACK);
            String label = clockX ? NationalDayScenario.clock(t[1]) : String.format(Locale.ROOT, "%.0fx", t[1]);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, bottom + 16);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);
        g.drawString(xLabel, left + (right - left) / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, bottom + 34);
        // Lines.
        Stroke solid = new BasicStroke(2f);
        Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { 6f, 5f },
                0f);
        int legendX = left;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(s.dashed() ? dashed : solid);
            int px0 = -1;
            int py0 = -1;
            for (int i = 0; i < s.x().length; i++) {
                double v = s.y()[i];
                if (Double.isNaN(v) || (logY && v <= 0)) {
                    px0 = -1;
                    continue;
                }
                double yv = logY ? Math.log10(Math.max(yMin, Math.min(v, yMax))) : Math.min(v, yHi);
                int px = (int) (left + (s.x()[i] - xMin) / (xMax - xMin) * (right - left));
                int py = (int) (bottom - (yv - yLo) / (yHi - yLo) * (bottom - top));
                if (px0 >= 0) {
                    g.drawLine(px0, py0, px, py);
                }
                if (!s.dashed() && s.x().length < 12) {
                    g.fillOval(px - 4, py - 4, 8, 8);
                }
                px0 = px;
                py0 = py;
            }
            g.setStroke(s.dashed() ? dashed : solid);
            g.drawLine(legendX, bottom + 52, legendX + 24, bottom + 52);
            g.setStroke(solid);
            g.setColor(Color.BLACK);
            g.drawString(s.label(), legendX + 30, bottom + 56);
            legendX += 40 + g.getFontMetrics().stringWidth(s.label());
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static double niceStep(double raw) {
        double e = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / e;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * e;
    }

    private static double max(double[] v) {
        double m = 0;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                m = Math.max(m, d);
            }
        }
        return m == 0 ? 1 : m;
    }

    private static double min(double[] v) {
        double m = Double.MAX_VALUE;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }
}
