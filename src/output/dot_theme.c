/*
 * dot_theme.c - gprof2dot's colour themes: weights to colours, font sizes
 * and pen widths (see pv/dot.h; docs/gprof2dot.md §4).
 *
 * Each step repeats Python's float arithmetic in the same order (its % 1.0,
 * its max()), so the colours and sizes come out to the same last digit.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dot_internal.h"

static const pv_dot_theme themes[] = {
	{ "color", { 2.0 / 3.0, 0.80, 0.25 }, { 0.0, 1.0, 0.5 }, 1.0,
	  10.0, 10.0, 0.5, 4.0, 0 },
	{ "pink", { 0.0, 1.0, 0.90 }, { 0.0, 1.0, 0.5 }, 2.2,
	  10.0, 10.0, 0.5, 4.0, 0 },
	{ "gray", { 0.0, 0.0, 0.85 }, { 0.0, 0.0, 0.0 }, 2.2,
	  10.0, 10.0, 0.5, 4.0, 0 },
	{ "bw", { 0.0, 0.0, 0.0 }, { 0.0, 0.0, 0.0 }, 2.2,
	  8.0, 24.0, 0.1, 8.0, 0 },
	{ "print", { 0.0, 0.0, 0.0 }, { 0.0, 0.0, 0.0 }, 2.2,
	  18.0, 30.0, 0.1, 8.0, 1 },
};

const pv_dot_theme *pv_dot_theme_find(const char *name)
{
	for (size_t i = 0; i < sizeof themes / sizeof themes[0]; i++)
		if (strcmp(themes[i].name, name) == 0)
			return &themes[i];
	return NULL;
}

double pv_dot_ratio(double n, double d)
{
	if (d == 0.0)
		return 1.0;
	double r = n / d;
	if (r < 0.0)
		return 0.0;
	if (r > 1.0)
		return 1.0;
	return r;
}

/* Python's float % 1.0 */
static double py_mod1(double x)
{
	double m = fmod(x, 1.0);
	if (m != 0.0) {
		if (m < 0.0)
			m += 1.0;
	} else {
		m = copysign(0.0, 1.0);
	}
	return m;
}

static double clamp01(double x)
{
	return x < 0.0 ? 0.0 : x > 1.0 ? 1.0 : x;
}

static double hue_channel(double m1, double m2, double h)
{
	if (h < 0.0)
		h += 1.0;
	else if (h > 1.0)
		h -= 1.0;
	if (h * 6 < 1.0)
		return m1 + (m2 - m1) * h * 6.0;
	else if (h * 2 < 1.0)
		return m2;
	else if (h * 3 < 2.0)
		return m1 + (m2 - m1) * (2.0 / 3.0 - h) * 6.0;
	return m1;
}

void pv_dot_hsl_to_rgb(const pv_dot_theme *t, double h, double s, double l,
		       double rgb[3])
{
	h = py_mod1(h);
	s = clamp01(s);
	l = clamp01(l);
	double m2 = l <= 0.5 ? l * (s + 1.0) : l + s - l * s;
	double m1 = l * 2.0 - m2;
	rgb[0] = pow(hue_channel(m1, m2, h + 1.0 / 3.0), t->gamma);
	rgb[1] = pow(hue_channel(m1, m2, h), t->gamma);
	rgb[2] = pow(hue_channel(m1, m2, h - 1.0 / 3.0), t->gamma);
}

void pv_dot_theme_color(const pv_dot_theme *t, double skew, double weight,
			double rgb[3])
{
	double w = weight > 0.0 ? weight : 0.0;
	w = w < 1.0 ? w : 1.0;
	/* Python: min(max(weight, 0.0), 1.0); NaN stays NaN there too */
	if (weight != weight)
		w = weight;
	const double *lo = t->mincolor, *hi = t->maxcolor;
	double hsl[3];
	if (skew == 1.0) {
		for (int i = 0; i < 3; i++)
			hsl[i] = lo[i] + w * (hi[i] - lo[i]);
	} else {
		for (int i = 0; i < 3; i++)
			hsl[i] = lo[i] + ((hi[i] - lo[i]) * (-1.0 + pow(skew, w))) / (skew - 1.0);
	}
	pv_dot_hsl_to_rgb(t, hsl[0], hsl[1], hsl[2], rgb);
}

static int float2int(double f)
{
	if (f != f)
		return 0; /* a NaN time in the file (Python's int() would raise) */
	if (f <= 0.0)
		return 0;
	if (f >= 1.0)
		return 255;
	return (int)(255.0 * f + 0.5);
}

void pv_dot_rgb_text(const double rgb[3], char out[8])
{
	snprintf(out, 8, "#%02x%02x%02x", (unsigned)float2int(rgb[0]) & 0xffu,
		 (unsigned)float2int(rgb[1]) & 0xffu, (unsigned)float2int(rgb[2]) & 0xffu);
}

double pv_dot_fontsize(const pv_dot_theme *t, double weight)
{
	return pvdot_max(pow(weight, 2.0) * t->maxfontsize, t->minfontsize);
}

double pv_dot_penwidth(const pv_dot_theme *t, double weight)
{
	return pvdot_max(weight * t->maxpenwidth, t->minpenwidth);
}

double pv_dot_arrowsize(const pv_dot_theme *t, double weight)
{
	return 0.5 * sqrt(pv_dot_penwidth(t, weight));
}
