/** A short, human description of a browser ("Chrome on Android"), never the full user agent. */
export function describeDevice(userAgent: string | null): string {
	if (!userAgent) return '';
	const ua = userAgent;
	const browser = /SamsungBrowser/.test(ua)
		? 'Samsung Internet'
		: /Edg\//.test(ua)
			? 'Edge'
			: /OPR\//.test(ua)
				? 'Opera'
				: /Firefox\//.test(ua)
					? 'Firefox'
					: /Chrome\/|Chromium\/|CriOS\//.test(ua)
						? 'Chrome'
						: /Safari\//.test(ua)
							? 'Safari'
							: '';
	const os = /Android/.test(ua)
		? 'Android'
		: /iPhone|iPad|iPod/.test(ua)
			? 'iOS'
			: /Windows/.test(ua)
				? 'Windows'
				: /Mac OS X|Macintosh/.test(ua)
					? 'macOS'
					: /CrOS/.test(ua)
						? 'ChromeOS'
						: /Linux/.test(ua)
							? 'Linux'
							: '';
	return [browser, os].filter(Boolean).join(' · ');
}
