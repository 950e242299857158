// The replay page's player: it rebuilds the cluster's state from the run's events (package
// replay's documentation defines what it counts) and draws it. State is rebuilt forward from
// the last point it reached, or from the start when the player goes back.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("data").textContent);
  const E = D.events, N = D.texts.length, W = 6; // six numbers an event
  // Each event's time in seconds: its nanoseconds over 1e9, the number the trace writes.
  const T = new Float64Array(N);
  for (let i = 0, ns = 0; i < N; i++) { ns += D.times[i]; T[i] = ns / 1e9; }
  const tOf = (i) => T[i], kindOf = (i) => D.kinds[E[W * i]];
  const taskOf = (i) => E[W * i + 1], instOf = (i) => E[W * i + 2], zoneOf = (i) => E[W * i + 3], ownerOf = (i) => E[W * i + 4], valueOf = (i) => E[W * i + 5];
  const $ = (id) => document.getElementById(id);
  const cpuUnit = D.milli_cpu ? "m" : ""; // an EKS run counts CPU in millicores, ECS in CPU units
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  // clock writes seconds as the run's other outputs do: [Nd]HH:MM:SS.s
  function clock(secs) {
    secs = Math.round(secs * 10) / 10;
    const d = Math.floor(secs / 86400); secs -= d * 86400;
    const h = Math.floor(secs / 3600); secs -= h * 3600;
    const m = Math.floor(secs / 60); secs -= m * 60;
    const p2 = (n) => String(n).padStart(2, "0");
    const s = p2(h) + ":" + p2(m) + ":" + secs.toFixed(1).padStart(4, "0");
    return d > 0 ? d + "d" + s : s;
  }

  // Colours: a hue per owner, a shade per revision of its task definition (older lighter).
  const ownerHue = D.owners.map((_, i) => (i * 137.508 + 210) % 360);
  const defShade = D.defs.map((ref) => {
    const [family, rev] = [ref.slice(0, ref.lastIndexOf(":")), +ref.slice(ref.lastIndexOf(":") + 1)];
    const revs = D.defs.filter((r) => r.startsWith(family + ":")).map((r) => +r.slice(r.lastIndexOf(":") + 1)).sort((a, b) => a - b);
    return [62, 46, 32][Math.min(revs.indexOf(rev), 2)];
  });
  const taskColour = (row) => { const t = D.tasks[row]; return "hsl(" + ownerHue[t[1]] + ",62%," + defShade[t[2]] + "%)"; };
  const ownerColour = (o) => "hsl(" + ownerHue[o] + ",62%,46%)";

  // Each task's events, for its road.
  const taskEvents = D.tasks.map(() => []);
  for (let i = 0; i < N; i++) if (taskOf(i) >= 0) taskEvents[taskOf(i)].push(i);

  let S; // the state after S.applied events, at time S.t
  function reset() {
    S = {
      applied: 0, t: 0, dirty: new Set(), zonesDirty: true,
      inst: D.instances.map(() => ({ live: false, draining: false, disconnected: false, tasks: new Set(), cpu: 0, mem: 0, gpu: 0 })),
      task: D.tasks.map(() => ({ inst: -1, zone: -1, state: "", healthy: false })),
      fargate: D.zones.map(() => new Map()), // by zone: Fargate capacity → its tasks
      zoneDown: D.zones.map(() => 0), zoneRunning: D.zones.map(() => 0), pending: 0, instances: 0,
      own: D.owners.map((o) => ({ running: 0, pending: 0, healthy: 0, desired: o.desired, deploying: "" })),
    };
  }

  // apply changes the state by event i.
  function apply(i) {
    const k = kindOf(i), ti = taskOf(i), ii = instOf(i), zi = zoneOf(i);
    const task = ti >= 0 ? S.task[ti] : null, own = ti >= 0 ? S.own[D.tasks[ti][1]] : null;
    switch (k) {
      case "InstanceRegistered": if (ii >= 0 && !ti_in(ii)) { S.inst[ii].live = true; S.instances++; S.dirty.add(ii); S.zonesDirty = true; } break;
      case "InstanceDraining": if (ii >= 0) { S.inst[ii].draining = true; S.dirty.add(ii); } break;
      case "AgentDisconnected": if (ii >= 0) { S.inst[ii].disconnected = true; S.dirty.add(ii); } break;
      case "AgentReconnected": if (ii >= 0) { S.inst[ii].disconnected = false; S.dirty.add(ii); } break;
      case "InstanceTerminated": if (ii >= 0 && S.inst[ii].live) { S.inst[ii].live = false; S.instances--; S.dirty.add(ii); S.zonesDirty = true; } break;
      case "ZoneOutageStarted": if (zi >= 0) { S.zoneDown[zi]++; S.zonesDirty = true; } break;
      case "ZoneOutageEnded": if (zi >= 0) { S.zoneDown[zi]--; S.zonesDirty = true; } break;
      case "DesiredCountChanged": if (ownerOf(i) >= 0) S.own[ownerOf(i)].desired = valueOf(i); break;
      case "DeploymentStarted": if (ownerOf(i) >= 0 && ti < 0) S.own[ownerOf(i)].deploying = D.strings[D.texts[i]]; break;
      case "DeploymentCompleted": case "DeploymentFailed": if (ownerOf(i) >= 0 && ti < 0) S.own[ownerOf(i)].deploying = ""; break;
      case "TaskPlaced": if (task) placeTask(ti, task, own, ii, zi); break;
      case "TaskRunning": if (task && task.state === "pending") { task.state = "running"; own.pending--; own.running++; S.pending--; if (task.zone >= 0) S.zoneRunning[task.zone]++; touch(task); } break;
      case "TaskHealthy": if (task && !task.healthy && task.state !== "stopping") { task.healthy = true; own.healthy++; } break;
      case "TaskUnhealthy": if (task && task.healthy) { task.healthy = false; own.healthy--; } break;
      case "TaskStopping": if (task) stopTask(task, own); break;
      case "TaskStopped": if (task) { stopTask(task, own); releaseTask(ti, task); } break;
    }
  }
  function ti_in(ii) { return S.inst[ii].live; }
  function touch(task) { if (task.inst >= 0) S.dirty.add(task.inst); else S.zonesDirty = true; }
  function placeTask(ti, task, own, ii, zi) {
    const t = D.tasks[ti];
    Object.assign(task, { inst: ii, zone: zi, state: "pending", healthy: false });
    own.pending++; S.pending++;
    if (ii >= 0) { const inst = S.inst[ii]; inst.tasks.add(ti); inst.cpu += t[3]; inst.mem += t[4]; inst.gpu += t[5]; S.dirty.add(ii); }
    else if (zi >= 0) {
      const lanes = S.fargate[zi], cap = t[7] || "Fargate";
      if (!lanes.has(cap)) lanes.set(cap, new Set());
      lanes.get(cap).add(ti); S.zonesDirty = true;
    }
  }
  function stopTask(task, own) {
    if (task.state === "stopping" || task.state === "") return;
    if (task.state === "pending") { own.pending--; S.pending--; }
    if (task.state === "running") { own.running--; if (task.zone >= 0) S.zoneRunning[task.zone]--; }
    if (task.healthy) { task.healthy = false; own.healthy--; }
    task.state = "stopping"; touch(task);
  }
  function releaseTask(ti, task) {
    const t = D.tasks[ti];
    if (task.inst >= 0) { const inst = S.inst[task.inst]; if (inst.tasks.delete(ti)) { inst.cpu -= t[3]; inst.mem -= t[4]; inst.gpu -= t[5]; } }
    else if (task.zone >= 0) { const lane = S.fargate[task.zone].get(t[7] || "Fargate"); if (lane) lane.delete(ti); }
    touch(task); task.state = "stopped";
  }

  // seek shows the state at time t: after every event at or before t.
  function seek(t) {
    t = Math.max(0, Math.min(D.horizon, t));
    if (!S || t < S.t) { reset(); full = true; }
    while (S.applied < N && tOf(S.applied) <= t) apply(S.applied++);
    S.t = t;
    render();
  }
  let full = true; // the next render redraws every instance

  // Counters come from the kept events and, on a thinned page, from what the events it left
  // out changed of them (D.changes), which together count every event of the run; past
  // D.changes_until, where that list ran out, from the run's samples (the last at or before
  // the clock).
  const C = D.changes, NC = C.length / 4, CT = new Float64Array(NC);
  for (let i = 0, ns = 0; i < NC; i++) { ns += C[4 * i]; CT[i] = ns / 1e9; }
  let X; // the changes' part of the counters, after X.applied changes
  function resetChanges() {
    X = { applied: 0, t: -1, zones: D.zones.map(() => 0), pending: 0, instances: 0,
      own: D.owners.map(() => ({ pending: 0, running: 0, healthy: 0, desired: null })) };
  }
  function applyChange(i) {
    const z = C[4 * i + 1], o = C[4 * i + 2], v = C[4 * i + 3];
    if (z === -2) { X.own[o].desired = v; return; }
    if (z === -3) { X.instances += v; return; }
    const dr = Math.floor(v / 9) - 1, dp = Math.floor(v / 3) % 3 - 1, dh = v % 3 - 1;
    if (z >= 0) X.zones[z] += dr;
    X.pending += dp; X.own[o].pending += dp; X.own[o].running += dr; X.own[o].healthy += dh;
  }
  function fromSamples() {
    return !!D.samples && D.changes_until !== undefined && S.t >= D.changes_until;
  }
  function counters() {
    if (fromSamples()) {
      const s = D.samples; let j = 0;
      while (j + 1 < s.t.length && s.t[j + 1] <= S.t) j++;
      // cost between samples: along the line to the next, as bills run on between them
      const k = Math.min(j + 1, s.t.length - 1), f = s.t[k] > s.t[j] ? (S.t - s.t[j]) / (s.t[k] - s.t[j]) : 0;
      return {
        sampled: s.t[j], zones: s.zones[j], pending: s.pending[j], cost: s.cost[j] + f * (s.cost[k] - s.cost[j]), instances: s.instances[j],
        own: D.owners.map((o, n) => ({ pending: s.owner_pending[j][n], running: s.running[j][n], healthy: s.healthy[j][n], desired: s.desired[j][n], deploying: S.own[n].deploying })),
      };
    }
    if (!X || S.t < X.t) resetChanges();
    while (X.applied < NC && CT[X.applied] <= S.t) applyChange(X.applied++);
    X.t = S.t;
    return {
      zones: S.zoneRunning.map((n, z) => n + X.zones[z]), pending: S.pending + X.pending, cost: costAt(S.t), instances: S.instances + X.instances,
      own: S.own.map((s, n) => ({ pending: s.pending + X.own[n].pending, running: s.running + X.own[n].running, healthy: s.healthy + X.own[n].healthy,
        desired: X.own[n].desired !== null ? X.own[n].desired : s.desired, deploying: s.deploying })),
    };
  }
  // costAt: the last event's cost, and the bills then open running on to t; on a page cut
  // short of t, along the samples.
  function costAt(t) {
    if (t >= D.horizon) return D.total_usd;
    const th = D.thinned, s = D.samples;
    if (th && th.cut && t >= th.cut_at && s) {
      let j = 0;
      while (j + 1 < s.t.length && s.t[j + 1] <= t) j++;
      const k = Math.min(j + 1, s.t.length - 1), f = s.t[k] > s.t[j] ? (t - s.t[j]) / (s.t[k] - s.t[j]) : 0;
      return s.cost[j] + f * (s.cost[k] - s.cost[j]);
    }
    const last = S.applied - 1;
    return last >= 0 ? D.costs[last] + D.rates[last] * (t - tOf(last)) / 3600 : 0;
  }

  function renderCounters() {
    const c = counters();
    let h = "<h2>Counters" + (c.sampled !== undefined ? " <small>(sampled at " + clock(c.sampled) + ")</small>" : "") + "</h2><table>";
    h += "<tr><th>zone</th><th>running tasks</th></tr>";
    D.zones.forEach((z, i) => { h += "<tr><td>" + esc(z) + (S.zoneDown[i] > 0 ? " (down)" : "") + "</td><td data-zone-running=\"" + esc(z) + "\">" + (c.zones[i] || 0) + "</td></tr>"; });
    const running = c.zones.reduce((a, b) => a + b, 0);
    h += "<tr><td>all zones</td><td id=\"running\">" + running + "</td></tr><tr><td>pending</td><td id=\"pending\">" + c.pending + "</td></tr>";
    h += "<tr><td>EC2 instances</td><td id=\"instances\">" + c.instances + "</td></tr><tr><td>cost so far</td><td id=\"cost\">$" + c.cost.toFixed(2) + "</td></tr></table>";
    h += "<table><tr><th>service</th><th>pending</th><th>running</th><th>healthy</th><th>desired</th></tr>";
    D.owners.forEach((o, k) => {
      const s = c.own[k], svc = o.kind !== "workload";
      const short = svc && s.healthy < s.desired ? " class=\"short\"" : "";
      h += "<tr data-owner=\"" + k + "\"><td><span class=\"swatch\" style=\"background:" + ownerColour(k) + "\"></span>" + esc(o.name) + "</td><td>" + (s.pending === null ? "" : s.pending) + "</td><td>" + s.running + "</td><td" + short + ">" + (svc ? s.healthy : "") + "</td><td>" + (svc ? s.desired : "") + "</td></tr>";
      if (s.deploying && o.kind === "service") {
        const floor = Math.ceil(s.desired * o.min_pct / 100), ceiling = Math.floor(s.desired * o.max_pct / 100);
        // ECS keeps healthy tasks at or above the floor and RUNNING plus PENDING at or below
        // the ceiling while it deploys; faults, or a start with too few, can break the floor.
        const tasks = s.pending === null ? "" : ", tasks " + (s.running + s.pending) + " (ceiling " + ceiling + ")";
        h += "<tr><td colspan=\"5\" class=\"deploy\">deploying: healthy " + s.healthy + " (floor " + floor + ")" + tasks + "</td></tr>";
      }
    });
    $("counters").innerHTML = h + "</table>";
  }

  // The cluster: a column per zone, its instances grouped by capacity provider or group, and
  // its Fargate tasks.
  function renderCluster() {
    if (full || S.zonesDirty) {
      let h = "";
      D.zones.forEach((z, zi) => {
        h += "<div class=\"zone" + (S.zoneDown[zi] > 0 ? " down" : "") + "\" data-zone=\"" + esc(z) + "\"><h2>" + esc(z) + (S.zoneDown[zi] > 0 ? " — out of service" : "") + "</h2>";
        const groups = new Map();
        D.instances.forEach((r, ii) => { if (r[1] === zi && S.inst[ii].live) { if (!groups.has(r[3])) groups.set(r[3], []); groups.get(r[3]).push(ii); } });
        for (const [g, list] of groups) h += "<div class=\"group\"><h3>" + esc(g || "instances") + "</h3><div class=\"insts\">" + list.map((ii) => "<div class=\"inst\" data-inst=\"" + ii + "\"></div>").join("") + "</div></div>";
        for (const [cap, lane] of [...S.fargate[zi]].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
          if (lane.size > 0) h += "<div class=\"group fargate\"><h3>" + esc(cap) + " (" + lane.size + " tasks)</h3><div class=\"tasks\">" + [...lane].map(taskMark).join("") + "</div></div>";
        }
        h += "</div>";
      });
      $("cluster").innerHTML = h;
      instEl = [];
      for (const el of $("cluster").querySelectorAll(".inst")) instEl[+el.dataset.inst] = el;
      D.instances.forEach((_, ii) => { if (S.inst[ii].live) S.dirty.add(ii); });
    }
    for (const ii of S.dirty) if (instEl[ii]) drawInstance(instEl[ii], ii);
    S.dirty.clear(); S.zonesDirty = false; full = false;
  }
  let instEl = []; // each shown instance's box, by instance
  function drawInstance(el, ii) {
    const r = D.instances[ii], st = S.inst[ii];
    el.className = "inst" + (st.draining ? " draining" : "") + (st.disconnected ? " disconnected" : "") + (r[4] === "spot" ? " spot" : "");
    el.title = r[0] + " · " + r[2] + " · " + r[4] + (st.draining ? " · DRAINING" : "") + " · CPU " + st.cpu + "/" + r[5] + cpuUnit + ", memory " + st.mem + "/" + r[6] + " MiB" + (r[7] ? ", GPU " + st.gpu / 1000 + "/" + r[7] : "");
    const bar = (cls, used, of) => "<div class=\"bar " + cls + "\"><span style=\"width:" + (of > 0 ? Math.min(100, 100 * used / of) : 0).toFixed(1) + "%\"></span></div>";
    el.innerHTML = "<div class=\"name\"><span>" + esc(r[0]) + "</span><span>" + esc(r[2]) + "</span></div>" + bar("cpu", st.cpu, r[5]) + bar("mem", st.mem, r[6]) +
      (r[7] > 0 ? bar("gpu", st.gpu, r[7] * 1000) : "") + "<div class=\"tasks\">" + [...st.tasks].map(taskMark).join("") + "</div>";
  }
  function taskMark(ti) {
    const st = S.task[ti], c = taskColour(ti);
    const cls = "task " + st.state + (ti === selected ? " selected" : "");
    return "<span class=\"" + cls + "\" data-task=\"" + ti + "\" title=\"" + esc(D.tasks[ti][0] + " (" + D.defs[D.tasks[ti][2]] + ") " + st.state.toUpperCase()) + "\" style=\"background:" + c + ";border-color:" + c + "\"></span>";
  }

  // The event list: the events around the current one.
  function renderEvents() {
    const cur = S.applied - 1, from = Math.max(0, cur - 40), to = Math.min(N, cur + 40);
    let h = "";
    for (let i = from; i < to; i++) h += "<li data-event=\"" + i + "\" class=\"" + (i === cur ? "current" : i < cur ? "done" : "todo") + "\">" + clock(tOf(i)) + " " + esc(D.strings[D.texts[i]]) + "</li>";
    if (D.thinned && D.thinned.cut && to === N) h += "<li class=\"todo\">… the page keeps no event after " + clock(D.thinned.cut_at) + "</li>";
    const list = $("events"); list.innerHTML = h;
    const el = list.querySelector(".current"); if (el) list.scrollTop = el.offsetTop - list.offsetTop - 120;
    $("eventno").textContent = "event " + S.applied + " of " + N;
  }

  function render() {
    renderCluster(); renderCounters(); renderEvents();
    $("clock").textContent = clock(S.t) + " / " + clock(D.horizon);
    $("scrubber").value = S.t;
    const x = D.horizon > 0 ? 100 * S.t / D.horizon : 0;
    $("cursor").setAttribute("x1", x + "%"); $("cursor").setAttribute("x2", x + "%");
  }

  // The story panel: a task's decision and road, or a service's deployments.
  let selected = -1;
  function showTask(ti) {
    const prev = selected; selected = ti;
    for (const t of [prev, ti]) if (t >= 0 && S.task[t]) { if (S.task[t].inst >= 0) S.dirty.add(S.task[t].inst); else S.zonesDirty = true; }
    const t = D.tasks[ti], o = D.owners[t[1]];
    let h = "<h2 id=\"story-title\">task " + esc(t[0]) + " (" + esc(D.defs[t[2]]) + ") of " + esc(o.kind === "workload" ? "workload" : "service") + " " + esc(o.name) + "</h2>";
    h += "<p>reserves " + t[3] + cpuUnit + " CPU, " + t[4] + " MiB" + (t[5] ? ", GPU " + t[5] / 1000 : "") + "</p>";
    h += "<h3>Its road</h3><ol class=\"road\"><li>" + clock(t[6]) + " created</li>";
    for (const i of taskEvents[ti]) h += "<li>" + clock(tOf(i)) + " " + esc(D.strings[D.texts[i]]) + "</li>";
    h += "</ol>";
    const why = D.explain[ti];
    h += "<h3>Why it went there</h3>" + (why ? "<pre id=\"decision\">" + esc(why) + "</pre>"
      : "<p class=\"hint\" id=\"decision\">No decision kept for this placement: the page explains the run's first placements, and every placement of the service named by -service (ecssim replay -first N -service NAME). Fargate and daemon tasks have no choice of instance to explain.</p>");
    $("story").innerHTML = h;
    render();
  }
  function showOwner(k) {
    const o = D.owners[k];
    let h = "<h2 id=\"story-title\">" + esc(o.kind) + " " + esc(o.name) + "</h2>";
    if (o.kind === "service") h += "<p>deployment configuration: minimum healthy " + o.min_pct + "%, maximum " + o.max_pct + "%</p>";
    h += o.deployments ? "<h3>Its deployments, pass by pass</h3><pre>" + esc(o.deployments) + "</pre>" : "<p class=\"hint\">No deployment in this run.</p>";
    $("story").innerHTML = h;
  }

  // The timeline: a mark per deployment, outage, Spot notice and scaling; outages shaded.
  const markColour = { DeploymentStarted: "#1f6feb", DeploymentCompleted: "#2e9e6a", DeploymentFailed: "#b00", ZoneOutageStarted: "#444", ZoneOutageEnded: "#999", SpotInterruptionNotice: "#7a5af8", ScaleOut: "#d08a00", ScaleIn: "#a0a000" };
  function drawTimeline() {
    const px = (t) => (D.horizon > 0 ? 100 * t / D.horizon : 0) + "%";
    let h = "<rect x=\"0\" y=\"30\" width=\"100%\" height=\"1\" fill=\"#bbb\"></rect>";
    // Outages shaded per zone: overlapping outages of one zone make one span, as the
    // summary counts them.
    const down = D.zones.map(() => 0), since = D.zones.map(() => 0);
    const shade = (from, to) => { h += "<rect x=\"" + px(from) + "\" y=\"4\" height=\"26\" width=\"" + (100 * (to - from) / D.horizon) + "%\" fill=\"#fad4d4\"></rect>"; };
    for (const m of D.marks) {
      const k = D.kinds[m[1]], z = m[2];
      if (z < 0) continue;
      if (k === "ZoneOutageStarted" && down[z]++ === 0) since[z] = m[0];
      if (k === "ZoneOutageEnded" && down[z] > 0 && --down[z] === 0) shade(since[z], m[0]);
    }
    down.forEach((n, z) => { if (n > 0) shade(since[z], D.horizon); });
    D.marks.forEach((m, j) => {
      const k = D.kinds[m[1]];
      h += "<rect class=\"mark\" data-mark=\"" + j + "\" data-mark-kind=\"" + k + "\" x=\"" + px(m[0]) + "\" y=\"6\" width=\"3\" height=\"22\" fill=\"" + (markColour[k] || "#666") + "\"><title>" + esc(clock(m[0]) + " " + D.strings[m[3]]) + "</title></rect>";
    });
    for (let i = 0; i <= 4; i++) h += "<text x=\"" + (i === 4 ? "99.5%" : px(D.horizon * i / 4)) + "\" y=\"43\" font-size=\"10\" text-anchor=\"" + (i === 0 ? "start" : i === 4 ? "end" : "middle") + "\" fill=\"#555\">" + clock(D.horizon * i / 4) + "</text>";
    h += "<line id=\"cursor\" x1=\"0\" x2=\"0\" y1=\"0\" y2=\"32\" stroke=\"#000\" stroke-width=\"2\"></line>";
    $("timeline").innerHTML = h;
  }

  function drawLegend() {
    $("legend").innerHTML = D.owners.map((o, k) => "<span class=\"owner\" data-owner=\"" + k + "\"><span class=\"swatch\" style=\"background:" + ownerColour(k) + "\"></span>" + esc(o.kind) + " " + esc(o.name) + "</span>").join("") +
      "<span class=\"hint\">hollow: PENDING · filled: RUNNING · faded: STOPPING · darker: newer revision · dashed box: DRAINING</span>";
  }

  function describeThinning() {
    const th = D.thinned; if (!th) return;
    const parts = [];
    if (th.cut) parts.push("the run's events after " + clock(th.cut_at) + " (" + th.events.toLocaleString("en") + " of the run's " + D.heard.toLocaleString("en") + " events left out: the page keeps " + D.budget.Events.toLocaleString("en") + "); the view stops there");
    else if (th.events > 0) parts.push(th.events.toLocaleString("en") + " events about what it leaves out");
    if (th.instances > 0) parts.push(th.instances.toLocaleString("en") + " instances past the first " + D.budget.Instances.toLocaleString("en") + " to register, and their tasks");
    if (th.marks > 0) parts.push(th.marks.toLocaleString("en") + " timeline marks");
    const p = $("thinned");
    let after = " The counters still count every event of the run";
    if (D.changes_until !== undefined) after += " up to " + clock(D.changes_until) + ", and from samples of it after that";
    after += ".";
    if (th.marks === 0) after += " The timeline's marks cover the whole run.";
    else after += " The timeline keeps the first " + D.max_marks.toLocaleString("en") + " marks of each kind (deployments and outages; Spot notices and scaling).";
    p.textContent = "This page is thinned to its budget. Left out: " + parts.join("; ") + "." + after;
    p.hidden = false;
  }

  // Playing: speed is simulated seconds per second.
  let playing = false, last = 0;
  const speeds = [1, 10, 60, 600, 3600, 36000];
  function setupPlayer() {
    const sel = $("speed"), auto = Math.max(1, Math.round(D.horizon / 60));
    for (const s of [...new Set([auto, ...speeds])].sort((a, b) => a - b)) sel.add(new Option((s === auto ? "whole run in a minute · " : "") + s + "×", s, s === auto, s === auto));
    $("scrubber").max = D.horizon;
    $("scrubber").addEventListener("input", (e) => seek(+e.target.value));
    $("play").addEventListener("click", () => { playing = !playing; if (playing && S.t >= D.horizon) seek(0); $("play").textContent = playing ? "pause" : "play"; last = performance.now(); if (playing) requestAnimationFrame(tick); });
    $("next").addEventListener("click", () => { if (S.applied < N) seek(tOf(S.applied)); });
    // back to the state after the events of the time before the last shown
    $("prev").addEventListener("click", () => {
      if (S.applied === 0) return seek(0);
      let i = S.applied - 1; const shown = tOf(i);
      while (i >= 0 && tOf(i) >= shown) i--;
      seek(i >= 0 ? tOf(i) : 0);
    });
    $("timeline").addEventListener("click", (e) => {
      const m = e.target.closest(".mark");
      if (m) { seek(D.marks[+m.dataset.mark][0]); return; }
      const box = $("timeline").getBoundingClientRect(); seek(D.horizon * (e.clientX - box.left) / box.width);
    });
    document.addEventListener("click", (e) => {
      const t = e.target.closest("[data-task]"); if (t) { showTask(+t.dataset.task); return; }
      const o = e.target.closest("[data-owner]"); if (o) { showOwner(+o.dataset.owner); return; }
      const ev = e.target.closest("[data-event]"); if (ev) seek(tOf(+ev.dataset.event));
    });
    document.addEventListener("keydown", (e) => {
      if (e.target.tagName === "INPUT" || e.target.tagName === "SELECT") return;
      if (e.key === " ") { e.preventDefault(); $("play").click(); } else if (e.key === "ArrowRight") $("next").click(); else if (e.key === "ArrowLeft") $("prev").click();
    });
    window.addEventListener("hashchange", fromHash);
  }
  function tick(now) {
    if (!playing) return;
    const dt = (now - last) / 1000; last = now;
    seek(S.t + dt * +$("speed").value);
    if (S.t >= D.horizon) { playing = false; $("play").textContent = "play"; return; }
    requestAnimationFrame(tick);
  }
  // The address may say where to start: #t=SECONDS, and &task=ID or &service=NAME to open a
  // story.
  function fromHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    if (p.has("t")) seek(+p.get("t") || 0);
    const ti = D.tasks.findIndex((t) => t[0] === p.get("task"));
    if (ti >= 0) showTask(ti);
    const k = D.owners.findIndex((o) => o.name === p.get("service"));
    if (k >= 0) showOwner(k);
  }

  describeThinning(); drawLegend(); drawTimeline(); setupPlayer();
  reset(); seek(0); fromHash();
  // For scripts that drive the page: seek(t), and state() with what the counters show.
  window.ecssimReplay = {
    seek: seek, events: N,
    state: () => {
      const c = counters();
      return {
        t: S.t, applied: S.applied, pending: c.pending, cost: c.cost, instances: c.instances,
        running_by_zone: Object.fromEntries(D.zones.map((z, i) => [z, c.zones[i] || 0])),
        owners: Object.fromEntries(D.owners.map((o, k) => [o.kind + " " + o.name, { pending: c.own[k].pending, running: c.own[k].running, healthy: c.own[k].healthy, desired: c.own[k].desired }])),
      };
    },
  };
})();
