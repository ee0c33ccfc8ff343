import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useI18n } from './i18n';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** Product penetration per category as a bar chart, with the numbers beside it in a table. */
export function PenetrationChart({ penetration }: { penetration: { category: string; holders: number; rate: number }[] }) {
  const { t, number, percent } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels: penetration.map((p) => p.category), datasets: [{ label: t('rate'), data: penetration.map((p) => Math.round(p.rate * 1000) / 10), backgroundColor: '#1f5f99' }] },
      options: { animation: false, responsive: false, indexAxis: 'y', scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false } } },
    });
    return () => chart.destroy();
  }, [penetration, t]);
  return (
    <figure className="chart">
      <figcaption>{t('penetration')}</figcaption>
      <canvas ref={canvas} width={360} height={Math.max(120, penetration.length * 26)} role="img" aria-label={t('chartLabel')} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('category')}</th>
            <th scope="col" className="num">{t('holders')}</th>
            <th scope="col" className="num">{t('rate')}</th>
          </tr>
        </thead>
        <tbody>
          {penetration.map((p) => (
            <tr key={p.category}>
              <td>{p.category}</td>
              <td className="num">{number(p.holders)}</td>
              <td className="num">{percent(p.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
