// The one place ECharts is imported: only the charts and components FlowDeck draws, the SVG renderer (crisp text on
// TVs and in print), and light and dark themes on a colour-blind-safe palette (Okabe–Ito).
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
	LineChart,
	BarChart,
	ScatterChart,
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	TooltipComponent,
	SVGRenderer
]);

export const PALETTE = [
	'#0072B2',
	'#E69F00',
	'#009E73',
	'#CC79A7',
	'#56B4E9',
	'#D55E00',
	'#F0E442',
	'#000000'
];

echarts.registerTheme('flowdeck-light', {
	color: PALETTE,
	backgroundColor: 'transparent',
	textStyle: { color: '#212b32' }
});
echarts.registerTheme('flowdeck-dark', {
	color: PALETTE.map((c) => (c === '#000000' ? '#ffffff' : c)),
	backgroundColor: 'transparent',
	textStyle: { color: '#e8edee' }
});

export { echarts };
export type ChartOption = echarts.EChartsCoreOption;
