#!/usr/bin/env python3
"""Independent numpy/scipy oracle for the Strain Seer science core.

This script implements docs/science.md (from "Scale" to "Derived quantities",
and "Trends") directly with numpy/scipy, without looking at the
TypeScript code in src/core, and writes test fixtures that the TypeScript unit
tests compare against:

    tests/fixtures/oracle/cases.json

Regenerate (from the repository root; needs numpy and scipy, e.g. Debian's
python3-numpy / python3-scipy):

    python3 tests/oracle/generate_oracle.py

The random seed is fixed, so the inputs and expected values are reproducible
(only meta.generated changes between runs).

How the strain cases are built: a reference marker layout in mm (a square,
rectangle, parallelogram or rotated specimen) is deformed by a known F, and
each image is then "photographed" by its own camera: pixel = t + s * R(theta)
* world_mm, with s in px/mm, a translation t and a small rotation theta. The
ruler (scale points) is in the same world, so it is photographed by the same
camera. Optional Gaussian noise is added to the marker pixels. The expected
values are NOT the construction F: they are recomputed from the pixel inputs
exactly as docs/science.md says (normalise each image by its own scale points,
least-squares F over the four centre-to-corner vectors, ...). Note that
normalisation by scale points removes scale and offset but not the camera
rotation, so for noise-free cases F = R(theta_cur) F_true R(theta_ref)^T.
"""

import datetime
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.linalg
import scipy.stats

SEED = 20240611
MEASURES = ("small", "green_lagrangian", "almansi", "hencky")
# Principal angle is reported as null when the direction is undefined:
# |e1 - e2| <= ANGLE_REL_TOL * max(|e1|, |e2|)  or  |e1 - e2| <= ANGLE_ABS_TOL.
# (The absolute floor covers tensors that are zero up to rounding, e.g. the
# Green-Lagrange strain of a pure rotation, whose "direction" is noise.)
ANGLE_REL_TOL = 1e-9
ANGLE_ABS_TOL = 1e-12

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.normpath(os.path.join(HERE, "..", "fixtures", "oracle", "cases.json"))

rng = np.random.default_rng(SEED)


# ---------------------------------------------------------------------------
# Science (the oracle proper): straight from docs/science.md
# ---------------------------------------------------------------------------

def normalize_by_scale(points, scale, scale_length):
    """Step 1: p_mm = (p - s0) * L / |s1 - s0|."""
    points = np.asarray(points, dtype=float)
    s0 = np.asarray(scale[0], dtype=float)
    s1 = np.asarray(scale[1], dtype=float)
    d = float(np.hypot(*(s1 - s0)))
    if not (np.isfinite(d) and d > 0 and np.isfinite(scale_length) and scale_length > 0):
        raise ValueError("bad scale")
    return (points - s0) * (scale_length / d)


def deformation_gradient(ref_mm, cur_mm, center=4):
    """Step 3: least squares V_ref F^T = V_cur over the centre-to-corner vectors."""
    corners = [k for k in range(len(ref_mm)) if k != center]
    v_ref = ref_mm[corners] - ref_mm[center]
    v_cur = cur_mm[corners] - cur_mm[center]
    if np.linalg.matrix_rank(v_ref) < 2:
        raise ValueError("rank-deficient reference")
    ft, _res, rank, _sv = np.linalg.lstsq(v_ref, v_cur, rcond=None)
    assert rank == 2
    F = ft.T
    resid = v_cur - v_ref @ F.T  # row k: v_cur_k - F v_ref_k
    rms = math.sqrt(float(np.mean(np.sum(resid ** 2, axis=1))))
    # cross-check against the normal equations
    F_ne = np.linalg.solve(v_ref.T @ v_ref, v_ref.T @ v_cur).T
    assert np.allclose(F, F_ne, rtol=1e-10, atol=1e-12), (F, F_ne)
    return F, rms


def strain_tensor(F, measure):
    """Step 4."""
    I = np.eye(2)
    if np.linalg.det(F) <= 0:
        raise ValueError("det F <= 0")
    if measure == "small":
        return (F + F.T) / 2 - I
    if measure == "green_lagrangian":
        return (F.T @ F - I) / 2
    if measure == "almansi":
        Finv = np.linalg.inv(F)
        return (I - Finv.T @ Finv) / 2
    if measure == "hencky":
        # H = ln U = 1/2 ln C, via the eigen-decomposition of C. The eigenvalues
        # are taken as 1 + 2*eig(E) with E = (C - I)/2 and log1p, which keeps
        # full relative precision for tiny strains.
        E = (F.T @ F - I) / 2
        w, V = np.linalg.eigh(E)
        H = V @ np.diag(0.5 * np.log1p(2.0 * w)) @ V.T
        H = (H + H.T) / 2
        # cross-check with scipy's matrix logarithm
        H_logm = 0.5 * np.real(scipy.linalg.logm(F.T @ F))
        assert np.allclose(H, H_logm, rtol=1e-8, atol=1e-13), (H, H_logm)
        return H
    raise ValueError(measure)


def wrap_angle_deg_half(a):
    """Map an axis direction angle to (-90, 90]."""
    while a <= -90.0:
        a += 180.0
    while a > 90.0:
        a -= 180.0
    # snap rounding-level values at the -90/90 seam to the canonical +90
    if abs(a + 90.0) < 1e-9 or abs(a - 90.0) < 1e-9:
        a = 90.0
    return a


def principal(T):
    """Step 5: e1 >= e2, angle of e1 from +x towards +y in (-90, 90], max shear."""
    w, V = np.linalg.eigh(T)
    e2, e1 = float(w[0]), float(w[1])
    gap = e1 - e2
    undefined = gap <= ANGLE_REL_TOL * max(abs(e1), abs(e2)) or gap <= ANGLE_ABS_TOL
    if undefined:
        angle = None
    else:
        v = V[:, 1]
        angle = wrap_angle_deg_half(math.degrees(math.atan2(v[1], v[0])))
        # cross-check: closed form 1/2 atan2(2 txy, txx - tyy)
        alt = wrap_angle_deg_half(math.degrees(0.5 * math.atan2(2 * T[0, 1], T[0, 0] - T[1, 1])))
        diff = abs(angle - alt) % 180.0
        assert min(diff, 180.0 - diff) < 1e-6, (angle, alt, T)
    return {"e1": e1, "e2": e2, "angle_deg": angle, "max_shear": gap / 2}


def rotation_deg(F):
    """Angle of R in the polar decomposition F = R U (R = [[c, -s], [s, c]])."""
    R, U = scipy.linalg.polar(F, side="right")
    assert np.allclose(R @ U, F, atol=1e-12)
    # cross-check: R = F U^-1 with U = sqrtm(F^T F)
    U2 = np.real(scipy.linalg.sqrtm(F.T @ F))
    assert np.allclose(F @ np.linalg.inv(U2), R, atol=1e-9)
    return math.degrees(math.atan2(R[1, 0], R[0, 0]))


def expected_for(reference, current, L):
    ref_mm = normalize_by_scale(reference["fiducials"], reference["scale"], L)
    cur_mm = normalize_by_scale(current["fiducials"], current["scale"], L)
    F, rms = deformation_gradient(ref_mm, cur_mm)
    detF = float(np.linalg.det(F))
    assert detF > 0, detF
    measures = {}
    tensors = {}
    for m in MEASURES:
        T = strain_tensor(F, m)
        tensors[m] = T
        measures[m] = {"tensor": T.tolist(), **principal(T)}
    h1, h2 = measures["hencky"]["e1"], measures["hencky"]["e2"]
    h3 = -(h1 + h2)
    eq = math.sqrt(2.0 / 3.0 * (h1 * h1 + h2 * h2 + h3 * h3))
    exp = {
        "reference_mm": ref_mm.tolist(),
        "current_mm": cur_mm.tolist(),
        "F": F.tolist(),
        "residual_rms_mm": rms,
        "area_change": detF - 1.0,
        "rotation_deg": rotation_deg(F),
        "thickness_strain": h3,
        "equivalent_strain": eq,
        "measures": measures,
    }
    return exp, F, tensors


def regression_expected(x, y):
    r = scipy.stats.linregress(x, y)
    out = {
        "slope": float(r.slope),
        "intercept": float(r.intercept),
        "r_squared": float(r.rvalue) ** 2,
        "p_value": float(r.pvalue),
        "slope_stderr": float(r.stderr),
        "intercept_stderr": float(r.intercept_stderr),
    }
    # independent cross-check with textbook formulas
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    n = len(x)
    xm, ym = x.mean(), y.mean()
    sxx = np.sum((x - xm) ** 2)
    sxy = np.sum((x - xm) * (y - ym))
    syy = np.sum((y - ym) ** 2)
    b = sxy / sxx
    a = ym - b * xm
    sse = max(syy - b * sxy, 0.0)
    se_b = math.sqrt(sse / (n - 2) / sxx)
    se_a = se_b * math.sqrt(sxx / n + xm * xm)
    assert math.isclose(b, out["slope"], rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(a, out["intercept"], rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(sxy * sxy / (sxx * syy), out["r_squared"], rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(se_b, out["slope_stderr"], rel_tol=1e-6, abs_tol=1e-12)
    assert math.isclose(se_a, out["intercept_stderr"], rel_tol=1e-6, abs_tol=1e-9)
    if se_b > 0:
        p = 2 * scipy.stats.t.sf(abs(b / se_b), n - 2)
        assert math.isclose(p, out["p_value"], rel_tol=1e-6, abs_tol=1e-300), (p, out["p_value"])
    return out


# ---------------------------------------------------------------------------
# Case construction
# ---------------------------------------------------------------------------

def rot(deg):
    t = math.radians(deg)
    c, s = math.cos(t), math.sin(t)
    return np.array([[c, -s], [s, c]])


def shear(gxy, gyx=0.0):
    return np.array([[1.0, gxy], [gyx, 1.0]])


def layout_square(size=40.0):
    h = size / 2
    return np.array([[-h, -h], [h, -h], [h, h], [-h, h], [0.0, 0.0]])


def layout_rect(w, h):
    return np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2], [0.0, 0.0]])


def layout_parallelogram(w, h, skew):
    """Top edge shifted by -skew/2, bottom by +skew/2 (x), centre at the mean."""
    pts = np.array([
        [-w / 2 - skew / 2, -h / 2],
        [w / 2 - skew / 2, -h / 2],
        [w / 2 + skew / 2, h / 2],
        [-w / 2 + skew / 2, h / 2],
        [0.0, 0.0],
    ])
    return pts


def rotated(layout, deg):
    return layout @ rot(deg).T


def random_camera(rot_max_deg=4.0, rot_deg=None):
    return {
        "px_per_mm": float(rng.uniform(3.0, 30.0)),
        "rotation_deg": float(rng.uniform(-rot_max_deg, rot_max_deg)) if rot_deg is None else float(rot_deg),
        "translation_px": [float(rng.uniform(100.0, 900.0)), float(rng.uniform(100.0, 700.0))],
    }


def photograph(world_mm, cam):
    """pixel = t + s * R(theta) * world_mm (image axes: x right, y down)."""
    R = rot(cam["rotation_deg"])
    return np.asarray(cam["translation_px"]) + cam["px_per_mm"] * (np.asarray(world_mm) @ R.T)


strain_cases = []


def add_strain_case(cid, category, description, F_true, layout, L=50.0, cam_ref=None, cam_cur=None,
                    noise_px=0.0, specimen_pos=None, drift=None, ruler=None, ref_px=None, cur_px=None):
    """Build one case; layout is the reference marker layout in mm relative to the specimen."""
    F_true = np.asarray(F_true, float)
    layout = np.asarray(layout, float)
    if ref_px is None:
        cam_ref = cam_ref or random_camera()
        cam_cur = cam_cur or random_camera()
        P = np.array(specimen_pos if specimen_pos is not None else [rng.uniform(60, 90), rng.uniform(50, 80)])
        D = np.array(drift if drift is not None else rng.uniform(-5, 5, size=2))
        # ruler: start point and direction in the world (mm), fixed between shots
        if ruler is None:
            q0 = np.array([rng.uniform(0, 20), rng.uniform(0, 10)])
            phi = rng.uniform(-20, 20)
        else:
            q0, phi = np.asarray(ruler[0], float), ruler[1]
        q1 = q0 + L * np.array([math.cos(math.radians(phi)), math.sin(math.radians(phi))])
        centre = layout[4]
        world_ref = P + layout
        world_cur = P + D + centre + (layout - centre) @ F_true.T
        ref_fid = photograph(world_ref, cam_ref)
        cur_fid = photograph(world_cur, cam_cur)
        if noise_px > 0:
            ref_fid = ref_fid + rng.normal(0.0, noise_px, size=ref_fid.shape)
            cur_fid = cur_fid + rng.normal(0.0, noise_px, size=cur_fid.shape)
        ref_scale = photograph(np.array([q0, q1]), cam_ref)
        cur_scale = photograph(np.array([q0, q1]), cam_cur)
        assert ref_fid.min() > 0 and cur_fid.min() > 0, cid
        construction = {
            "F_true": F_true.tolist(),
            "reference_layout_mm": layout.tolist(),
            "reference_camera": cam_ref,
            "current_camera": cam_cur,
            "marker_noise_px": noise_px,
        }
    else:
        ref_fid, ref_scale = ref_px
        cur_fid, cur_scale = cur_px
        construction = {"F_true": F_true.tolist(), "marker_noise_px": 0.0, "note": "hand-written pixel inputs"}

    reference = {"fiducials": np.asarray(ref_fid, float).tolist(), "scale": np.asarray(ref_scale, float).tolist()}
    current = {"fiducials": np.asarray(cur_fid, float).tolist(), "scale": np.asarray(cur_scale, float).tolist()}
    # expected values are computed from the JSON-serialisable floats (exact round trip)
    expected, F, tensors = expected_for(reference, current, L)

    # construction-level sanity check for noise-free cases: F = R_cur F_true R_ref^T
    if noise_px == 0.0 and cam_ref is not None:
        F_pred = rot(cam_cur["rotation_deg"]) @ F_true @ rot(cam_ref["rotation_deg"]).T
        assert np.allclose(F, F_pred, rtol=0, atol=1e-11), (cid, F, F_pred)
        assert expected["residual_rms_mm"] < 1e-11, (cid, expected["residual_rms_mm"])

    strain_cases.append({
        "id": cid,
        "category": category,
        "description": description,
        "noisy": noise_px > 0,
        "reference": reference,
        "current": current,
        "scale_length": float(L),
        "construction": construction,
        "expected": expected,
    })
    return expected


def fmt(M):
    return "[[%.4g, %.4g], [%.4g, %.4g]]" % (M[0][0], M[0][1], M[1][0], M[1][1])


# --- known cases from docs/science.md -------------------------------------------
sq = layout_square(40.0)

cam = {"px_per_mm": 12.5, "rotation_deg": 0.0, "translation_px": [400.0, 300.0]}
e = add_strain_case("spec_identical_points", "identity",
                    "docs/science.md known case: identical point sets (same pixels, same scale points) give a zero tensor",
                    np.eye(2), sq, L=50.0, cam_ref=cam, cam_cur=cam, drift=[0.0, 0.0])

e = add_strain_case("spec_scale_x_1p2", "pure_stretch",
                    "docs/science.md known case: all x scaled by 1.2 about the centre marker, same unrotated camera: "
                    "small exx = 0.2, eyy = 0; green_lagrangian exx = 0.22",
                    np.diag([1.2, 1.0]), sq, L=50.0,
                    cam_ref={"px_per_mm": 10.0, "rotation_deg": 0.0, "translation_px": [500.0, 400.0]},
                    cam_cur={"px_per_mm": 10.0, "rotation_deg": 0.0, "translation_px": [500.0, 400.0]},
                    drift=[0.0, 0.0])
assert abs(e["measures"]["small"]["tensor"][0][0] - 0.2) < 1e-12
assert abs(e["measures"]["small"]["tensor"][1][1]) < 1e-12
assert abs(e["measures"]["green_lagrangian"]["tensor"][0][0] - 0.22) < 1e-12

e = add_strain_case("spec_scale_x_1p2_camera_moved", "pure_stretch",
                    "x scaled by 1.2 about a point off the specimen; camera zoomed and shifted (no rotation) "
                    "between shots: small exx = 0.2, eyy = 0, green exx = 0.22",
                    np.diag([1.2, 1.0]), sq, L=25.0,
                    cam_ref={"px_per_mm": 7.25, "rotation_deg": 0.0, "translation_px": [210.5, 333.25]},
                    cam_cur={"px_per_mm": 21.0, "rotation_deg": 0.0, "translation_px": [-900.0, -800.0]},
                    drift=[13.0, -4.0])
assert abs(e["measures"]["small"]["tensor"][0][0] - 0.2) < 1e-12
assert abs(e["measures"]["green_lagrangian"]["tensor"][0][0] - 0.22) < 1e-12

# scale points (0,0)-(1,0) with L = 10 map (1, y) to (10, 10 y)
ref_f = [[1.0, 1.0], [3.0, 1.0], [3.0, 3.0], [1.0, 3.0], [2.0, 2.0]]
cur_f = [[1.0, 0.5], [3.0, 0.5], [3.0, 3.5], [1.0, 3.5], [2.0, 2.0]]
e = add_strain_case("spec_unit_scale_points", "pure_stretch",
                    "docs/science.md known case: scale points (0,0)-(1,0) with L = 10 map (1, y) to (10, 10y); "
                    "markers stretched 1.5x in y about the centre (F = diag(1, 1.5))",
                    np.diag([1.0, 1.5]), None, L=10.0,
                    ref_px=(ref_f, [[0.0, 0.0], [1.0, 0.0]]), cur_px=(cur_f, [[0.0, 0.0], [1.0, 0.0]]))
assert e["reference_mm"][0] == [10.0, 10.0] and e["reference_mm"][2] == [30.0, 30.0]
assert np.allclose(e["F"], [[1.0, 0.0], [0.0, 1.5]], atol=1e-14)

# --- identity -------------------------------------------------------------------
add_strain_case("identity_camera_moved", "identity",
                "no deformation; camera zoomed, shifted and rotated between shots (F = camera rotation only)",
                np.eye(2), sq, noise_px=0.0)
add_strain_case("identity_noisy", "identity",
                "no deformation; different cameras; 0.5 px marker noise", np.eye(2), sq, noise_px=0.5)
add_strain_case("identity_same_camera_rect", "identity",
                "no deformation, rectangle layout 60x25 mm, camera unrotated in both shots",
                np.eye(2), layout_rect(60, 25),
                cam_ref=random_camera(rot_deg=0.0), cam_cur=random_camera(rot_deg=0.0))

# --- pure stretches -------------------------------------------------------------
stretch_specs = [
    (1.1, 1.1, 0.0, "isotropic 10% dilation"),
    (0.5, 0.5, 0.0, "isotropic 50% contraction"),
    (2.0, 0.5, 0.0, "extreme: a = 2, b = 0.5"),
    (0.5, 2.0, 0.0, "extreme: a = 0.5, b = 2"),
    (1.3, 0.85, 0.0, "tension in x, contraction in y"),
    (0.9, 1.25, 0.8, "compression in x, tension in y, 0.8 px noise"),
    (1.05, 0.98, 0.3, "small stretch, 0.3 px noise"),
    (1.6, 1.6, 1.0, "isotropic 60% dilation, 1 px noise"),
    (1.2, 0.7, 0.5, "tension in x, strong contraction in y, 0.5 px noise"),
]
for i, (a, b, noise, text) in enumerate(stretch_specs):
    zero_rot = i in (4,)
    e = add_strain_case(f"stretch_{i:02d}", "pure_stretch",
                        f"pure stretch F = diag({a}, {b}): {text}" + ("; cameras unrotated" if zero_rot else ""),
                        np.diag([a, b]), sq, noise_px=noise,
                        cam_ref=random_camera(rot_deg=0.0) if zero_rot else None,
                        cam_cur=random_camera(rot_deg=0.0) if zero_rot else None)
    if noise == 0.0:
        hs = sorted([math.log(a), math.log(b)], reverse=True)
        assert abs(e["measures"]["hencky"]["e1"] - hs[0]) < 1e-12, (a, b, e["measures"]["hencky"])
        assert abs(e["measures"]["hencky"]["e2"] - hs[1]) < 1e-12
        gl = sorted([(a * a - 1) / 2, (b * b - 1) / 2], reverse=True)
        assert abs(e["measures"]["green_lagrangian"]["e1"] - gl[0]) < 1e-12
        al = sorted([(1 - 1 / a ** 2) / 2, (1 - 1 / b ** 2) / 2], reverse=True)
        assert abs(e["measures"]["almansi"]["e1"] - al[0]) < 1e-12
        assert abs(e["area_change"] - (a * b - 1)) < 1e-12
        if a == b:
            assert e["measures"]["hencky"]["angle_deg"] is None

# --- pure rotations -------------------------------------------------------------
for i, (deg, noise) in enumerate([(5.0, 0.0), (-12.0, 0.0), (30.0, 0.3), (90.0, 0.0),
                                  (-135.0, 0.4), (170.0, 0.7), (45.0, 1.2)]):
    e = add_strain_case(f"rotation_{i:02d}", "pure_rotation",
                        f"pure rigid rotation of the specimen by {deg} deg (from +x towards +y)"
                        + (f", {noise} px noise" if noise else ""),
                        rot(deg), sq, noise_px=noise)
    if noise == 0.0:
        cam_ref = strain_cases[-1]["construction"]["reference_camera"]["rotation_deg"]
        cam_cur = strain_cases[-1]["construction"]["current_camera"]["rotation_deg"]
        for m in ("green_lagrangian", "hencky", "almansi"):
            assert np.abs(e["measures"][m]["tensor"]).max() < 1e-13, (m, e["measures"][m])
            assert e["measures"][m]["angle_deg"] is None
        assert abs(e["area_change"]) < 1e-13
        want = (deg + cam_cur - cam_ref + 180.0) % 360.0 - 180.0
        assert abs(e["rotation_deg"] - want) < 1e-9, (e["rotation_deg"], want)

# --- simple shears --------------------------------------------------------------
shear_specs = [(0.1, 0.0, 0.0), (-0.25, 0.0, 0.4), (0.5, 0.0, 0.6), (0.0, 0.2, 0.0),
               (0.0, -0.4, 0.5), (0.05, 0.0, 0.0)]
for i, (gxy, gyx, noise) in enumerate(shear_specs):
    add_strain_case(f"shear_{i:02d}", "simple_shear",
                    f"simple shear F = [[1, {gxy}], [{gyx}, 1]]" + (f", {noise} px noise" if noise else ""),
                    shear(gxy, gyx), sq, noise_px=noise)

# --- general F (det > 0) --------------------------------------------------------
for i in range(18):
    a, b = rng.uniform(0.5, 2.0, size=2)
    beta = rng.uniform(-90, 90)
    alpha = rng.uniform(-60, 60)
    g = rng.uniform(-0.4, 0.4)
    F_true = rot(alpha) @ shear(g) @ rot(beta) @ np.diag([a, b]) @ rot(beta).T
    assert np.linalg.det(F_true) > 0
    noise = 0.0 if i % 3 == 0 else float(rng.uniform(0.2, 1.5))
    add_strain_case(f"general_{i:02d}", "general",
                    f"general F = R({alpha:.3g}) S({g:.3g}) Q({beta:.3g}) diag({a:.4g}, {b:.4g}) Q^T = {fmt(F_true)}"
                    + (f", {noise:.3g} px noise" if noise else ""),
                    F_true, sq, noise_px=noise)

# --- tiny strains (~1e-6), noise-free; equal camera rotation in both shots -------
for i in range(6):
    if i == 0:
        M = np.eye(2) * 1.0
        text = "isotropic dilation 1e-6"
    elif i == 1:
        M = np.array([[2.0, 0.0], [0.0, -1.0]])
        text = "exx = 2e-6, eyy = -1e-6"
    else:
        M = rng.uniform(-3.0, 3.0, size=(2, 2))
        text = "random"
    F_true = np.eye(2) + 1e-6 * M
    th = float(rng.uniform(-3, 3))
    e = add_strain_case(f"tiny_{i:02d}", "tiny_strain",
                        f"tiny strain F = I + 1e-6 * {fmt(M)} ({text}); both cameras rotated {th:.3g} deg",
                        F_true, sq, noise_px=0.0, cam_ref=random_camera(rot_deg=th), cam_cur=random_camera(rot_deg=th))
    if i == 0:
        assert e["measures"]["small"]["angle_deg"] is None
        assert abs(e["measures"]["small"]["e1"] - 1e-6) < 1e-15
        assert abs(e["measures"]["hencky"]["e1"] - math.log1p(1e-6)) < 1e-15

# --- non-square layouts ---------------------------------------------------------
layouts = [
    ("rectangle 60 x 20 mm", layout_rect(60, 20)),
    ("rectangle 15 x 75 mm (tall, aspect 1:5)", layout_rect(15, 75)),
    ("parallelogram 40 x 30 mm, skew 15 mm", layout_parallelogram(40, 30, 15)),
    ("parallelogram 50 x 20 mm, skew -25 mm", layout_parallelogram(50, 20, -25)),
    ("square specimen rotated 30 deg", rotated(layout_square(40), 30)),
    ("rectangle 50 x 20 mm rotated -50 deg", rotated(layout_rect(50, 20), -50)),
    ("parallelogram rotated 75 deg", rotated(layout_parallelogram(35, 25, 10), 75)),
    ("rectangle 30 x 45 mm, centre marker 3 mm off the corner mean",
     layout_rect(30, 45) + np.array([[0, 0]] * 4 + [[3.0, -2.0]])),
    ("irregular quadrilateral (each corner displaced 2-4 mm), centre at corner mean",
     None),
    ("rectangle 40 x 30 mm rotated 90 deg", rotated(layout_rect(40, 30), 90)),
]
for i, (text, lay) in enumerate(layouts):
    if lay is None:
        lay = layout_square(40) + np.vstack([rng.uniform(-4, 4, size=(4, 2)), [[0.0, 0.0]]])
        lay[4] = lay[:4].mean(axis=0)
    a, b = rng.uniform(0.6, 1.8, size=2)
    beta = rng.uniform(-90, 90)
    alpha = rng.uniform(-20, 20)
    g = rng.uniform(-0.3, 0.3)
    F_true = rot(alpha) @ shear(g) @ rot(beta) @ np.diag([a, b]) @ rot(beta).T
    noise = 0.0 if i % 2 == 0 else float(rng.uniform(0.2, 1.0))
    add_strain_case(f"layout_{i:02d}", "non_square_layout",
                    f"{text}; F = {fmt(F_true)}" + (f", {noise:.3g} px noise" if noise else ""),
                    F_true, lay, L=float(rng.choice([10.0, 20.0, 50.0, 100.0])), noise_px=noise)


# ---------------------------------------------------------------------------
# Regression cases
# ---------------------------------------------------------------------------

regression_cases = []


def add_regression_case(cid, description, x, y, exact=False):
    x = [float(v) for v in x]
    y = [float(v) for v in y]
    assert len(x) >= 3 and len(set(x)) > 1 and len(set(y)) > 1
    exp = regression_expected(x, y)
    case = {"id": cid, "description": description, "exact_fit": exact, "x": x, "y": y, "expected": exp}
    if exact:
        # docs/science.md ("Trends"): a perfect fit gives p-value 0. scipy's linregress adds
        # TINY = 1e-20 inside the t statistic, so for small n it returns a tiny
        # non-zero p (e.g. ~9e-11 for n = 3); the spec value 0 is stored as the
        # expectation and scipy's raw value is kept for information.
        assert exp["r_squared"] == 1.0 and exp["slope_stderr"] == 0.0, (cid, exp)
        case["scipy_raw_p_value"] = exp["p_value"]
        exp["p_value"] = 0.0
    regression_cases.append(case)


# exact lines: integer-valued data so that scipy's r is exactly +-1
add_regression_case("exact_n3", "exact line y = 2x + 1, n = 3 (p-value 0 per docs/science.md)",
                    [0, 1, 2], [1, 3, 5], exact=True)
add_regression_case("exact_negative_n4", "exact line y = -3x + 10, n = 4",
                    [0, 1, 2, 3], [10, 7, 4, 1], exact=True)
add_regression_case("exact_n5_uneven", "exact line y = 0.5x - 2 at uneven x, n = 5",
                    [0, 2, 4, 8, 16], [-2, -1, 0, 2, 6], exact=True)
add_regression_case("exact_repeated_x", "exact line y = 4x + 100 with repeated x, n = 6",
                    [0, 0, 1, 1, 2, 2], [100, 100, 104, 104, 108, 108], exact=True)
add_regression_case("exact_n8", "exact line y = -0.25x + 3 at x = 0..7",
                    list(range(8)), [3 - 0.25 * k for k in range(8)], exact=True)

noisy_specs = [
    # (n, slope, intercept, sigma, x0, x1, text)
    (3, 0.01, 0.0, 0.002, 0.0, 2.0, "n = 3, noisy"),
    (4, -0.02, 0.001, 0.005, 0.0, 3.0, "n = 4, negative slope"),
    (5, 0.005, 0.0, 0.001, 0.0, 4.0, "n = 5, strain-like values"),
    (6, 1e-5, 0.0, 0.002, 0.0, 5.0, "near-zero slope, large p-value"),
    (7, -1e-4, 0.01, 0.003, 0.0, 6.0, "near-zero negative slope"),
    (8, 0.03, -0.01, 0.0005, 0.0, 3.5, "strong fit, tiny p-value"),
    (10, 2.5, 1000.0, 0.7, 100.0, 110.0, "large offsets in x and y"),
    (12, -0.8, 5000.0, 2.0, 0.0, 22.0, "large y offset, negative slope"),
    (15, 0.002, 0.0, 0.0004, 0.0, 14.0, "n = 15"),
    (20, 0.0, 0.05, 0.01, 0.0, 10.0, "true slope 0"),
    (25, 0.015, -0.003, 0.02, 0.0, 12.0, "weak fit"),
    (30, -0.05, 0.2, 0.001, 0.0, 29.0, "n = 30, very strong negative trend"),
    (40, 0.004, 0.0, 0.003, 0.0, 39.0, "n = 40"),
    (40, -3e-4, 0.0, 0.004, 0.0, 19.5, "n = 40, near-zero slope"),
    (9, 120.0, -30.0, 15.0, 0.25, 4.25, "steep slope"),
    (11, 1e-3, 1e-3, 1e-5, 0.0, 1.0, "small magnitudes"),
    (13, 0.02, 0.0, 0.005, 50.0, 62.0, "x offset 50 mm"),
    (5, -7.0, 3.0, 4.0, 0.0, 2.0, "noisy, moderate p-value"),
    (6, 0.1, 0.0, 0.3, 0.0, 5.0, "noise comparable to trend"),
    (17, 0.01, 2.0, 0.002, 1000.0, 1016.0, "x offset 1000 mm"),
    (22, -0.3, 10000.0, 0.5, 0.0, 7.0, "y offset 1e4"),
    (35, 0.007, 0.0, 0.001, 0.0, 17.0, "n = 35, irregular spacing"),
    (4, 1.0, 0.0, 0.5, 0.0, 3.0, "n = 4, noisy"),
    (27, 0.0008, -0.0002, 0.0003, 0.0, 26.0, "n = 27, repeated x values"),
    (3, -0.05, 0.0, 0.02, 0.0, 1.0, "n = 3, p-value near 0.5"),
]
for i, (n, slope, icpt, sigma, x0, x1, text) in enumerate(noisy_specs):
    if "irregular" in text:
        x = np.sort(rng.uniform(x0, x1, size=n))
    elif "repeated" in text:
        x = np.repeat(np.linspace(x0, x1, (n + 2) // 3), 3)[:n]
    else:
        x = np.linspace(x0, x1, n)
    y = icpt + slope * x + rng.normal(0.0, sigma, size=n)
    add_regression_case(f"noisy_{i:02d}", f"y = {slope:g} x + {icpt:g} + N(0, {sigma:g}): {text}", x, y)

# guards on the regression set: no perfect fit among the noisy cases (so
# scipy's TINY term is negligible), and a spread of p-values
for c in regression_cases:
    if not c["exact_fit"]:
        assert 1.0 - c["expected"]["r_squared"] > 1e-8, c["id"]

# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

doc = {
    "meta": {
        "generator": "tests/oracle/generate_oracle.py",
        "regenerate": "python3 tests/oracle/generate_oracle.py",
        "spec": "docs/science.md",
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "seed": SEED,
        "generated": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
        "conventions": {
            "matrices": "2x2 nested lists, M[i][j] = row i, column j; v_cur = F @ v_ref",
            "axes": "image axes, x right, y down; angles positive from +x towards +y",
            "angle_deg": "direction of e1 in (-90, 90]; null when |e1 - e2| <= 1e-9 * max(|e1|, |e2|) "
                         "or |e1 - e2| <= 1e-12 (direction undefined); compare modulo 180",
            "rotation_deg": "angle of R in F = R U, R = [[cos, -sin], [sin, cos]], in (-180, 180]",
            "residual_rms_mm": "sqrt(mean over the 4 centre-to-corner vectors of |v_cur - F v_ref|^2); "
                               "rounding-level (< 1e-11) in noise-free cases",
            "regression_p_value": "scipy.stats.linregress p-value, except exact_fit cases where it is 0 "
                                  "per docs/science.md (scipy's raw value in scipy_raw_p_value)",
        },
    },
    "strain_cases": strain_cases,
    "regression_cases": regression_cases,
}

os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
with open(OUT_PATH, "w") as fh:
    json.dump(doc, fh, indent=1, allow_nan=False)
    fh.write("\n")

n_noisy = sum(c["noisy"] for c in strain_cases)
print(f"wrote {OUT_PATH}")
print(f"strain_cases: {len(strain_cases)} ({n_noisy} noisy), regression_cases: {len(regression_cases)}")
print(f"numpy {np.__version__}, scipy {scipy.__version__}, seed {SEED}")
