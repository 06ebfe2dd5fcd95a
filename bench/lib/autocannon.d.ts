// The part of autocannon's programmatic API that bench/lib/measure.ts uses (autocannon ships
// no types; see its README, "API").
declare module 'autocannon' {
	interface Options {
		url: string;
		connections?: number;
		duration?: number;
		amount?: number;
		pipelining?: number;
		timeout?: number;
		headers?: Record<string, string>;
		method?: string;
	}
	interface Histogram {
		average: number;
		mean: number;
		stddev: number;
		min: number;
		max: number;
		total: number;
		p50: number;
		p90: number;
		p97_5: number;
		p99: number;
	}
	interface Result {
		duration: number;
		errors: number;
		timeouts: number;
		non2xx: number;
		resets: number;
		'2xx': number;
		'3xx': number;
		statusCodeStats: Record<string, { count: number }>;
		latency: Histogram;
		requests: Histogram;
		throughput: Histogram;
	}
	function autocannon(options: Options): Promise<Result>;
	export default autocannon;
}
