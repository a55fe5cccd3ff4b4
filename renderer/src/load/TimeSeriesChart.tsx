// A line chart on uPlot (canvas), sized to its container and redrawn when the data changes. Colours come
// from the theme's CSS variables so the chart follows light and dark mode.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: (number | null)[];
  /** A CSS variable name, e.g. --chart-1. */
  colorVar: string;
}

function cssVar(element: HTMLElement, name: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || '#888';
}

export function TimeSeriesChart(props: { title: string; x: number[]; series: Series[]; unit: string; height?: number }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const text = cssVar(element, '--muted');
    const grid = cssVar(element, '--border');
    const options: uPlot.Options = {
      width: element.clientWidth || 480,
      height: props.height ?? 180,
      legend: { show: true },
      scales: { x: { time: false } },
      axes: [
        { stroke: text, grid: { stroke: grid, width: 1 }, label: 'seconds', labelSize: 18 },
        { stroke: text, grid: { stroke: grid, width: 1 }, label: props.unit, labelSize: 18, size: 56 },
      ],
      series: [{ label: 't' }, ...props.series.map((series) => ({ label: series.label, stroke: cssVar(element, series.colorVar), width: 2, spanGaps: true }))],
    };
    const data = [props.x, ...props.series.map((series) => series.values)] as uPlot.AlignedData;
    chart.current = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => chart.current?.setSize({ width: element.clientWidth || 480, height: props.height ?? 180 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
    // Rebuilt only when the set of series changes; new data goes through setData below.
  }, [props.series.map((series) => series.label).join('|'), props.unit]);

  useEffect(() => {
    chart.current?.setData([props.x, ...props.series.map((series) => series.values)] as uPlot.AlignedData);
  }, [props.x, props.series]);

  return (
    <figure className="chart">
      <figcaption>{props.title}</figcaption>
      <div ref={container} className="chart-canvas" role="img" aria-label={`${props.title} chart`} />
    </figure>
  );
}
