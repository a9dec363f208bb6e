"""Batch runner: brief notebooks executed by papermill on warm kernels; ipynb, HTML, manifest.

The engine is template-agnostic: a :class:`Job` names a template notebook, a dict of plain
scalar parameters (codes as strings, the year as an int) and an output stem such as
``62.06-katingan``. :class:`BatchRunner` executes jobs and writes, per job, the executed
``<stem>.ipynb`` and a code-free ``<stem>.html``, then ``manifest.json``. :func:`run_briefs`
is the main job of the product (``workbench briefs``): it computes the province-wide analysis
once, builds one job per kab/kota plus the province overview, runs them, and writes the index
page and the Excel tables.

Package map (imports point down; the engine never imports the product side: laporan,
analysis, contract, sample, pdf)::

    product       run_briefs: analysis once, job list, index (laporan or plain), Excel, PDF
    batch         BatchRunner, run_jobs: any template over a list of jobs; outputs, manifest
    pools         local worker processes (one warm kernel each), Dask
    runner        worker side: Runner executes one payload on its warm kernel
    kernel        WarmKernel (jupyter_client) and the papermill engine ``workbench-hangat``
    kernel_reset  runs inside the kernel: preload once, reset between briefs
    export        HTML export (nbconvert) and sanitising (nh3)
    provenance    hashes, versions, git commit, path scrubbing
    jobs          Job, JobResult, RunResult, errors, the template check

How a job runs (fast, isolated)
-------------------------------
The floor of a naive batch (a ``papermill`` then ``jupyter nbconvert`` call per district) is
interpreter start, kernel start and imports, paid twice per district. Here each worker process
keeps one **warm kernel** (``jupyter_client.AsyncKernelManager``) alive and runs successive
briefs on it; the heavy modules (pandas, geopandas, matplotlib, ``workbench.analysis``...) are
imported once per kernel (``preload``). Parameters are injected by papermill
(:func:`papermill.execute_notebook` with the custom engine ``workbench-hangat`` registered in
papermill's engine registry, which hands papermill's ``PapermillNotebookClient`` the running
kernel instead of starting one), so every brief is "executed by papermill" and carries the
``injected-parameters`` cell and papermill metadata. Before each brief the kernel is reset:
``get_ipython().reset(new_session=True)`` (user namespace and execution counter; imported
modules stay), figures closed, matplotlib ``rcParams``, ``warnings`` filters, ``sys.path``,
``os.environ`` and pandas options restored to the snapshot taken after kernel start, the
``random``/``numpy.random`` state reseeded from entropy, and the working directory set to the
output folder. A brief that failed, a kernel that died and a kernel that timed out are all
replaced by a fresh kernel before the next job; a kernel that fails to start is retried
``retries`` times. The HTML is exported in the worker (nbconvert ``HTMLExporter``, no code, no
prompts, no stderr streams, images embedded, HTML and Markdown outputs sanitised with nh3),
so export runs in parallel too. Worker processes never import ``rfc3987_syntax`` (a 1.6-2.2 s
import pulled in by ``jsonschema`` through ``nbformat``; its only use is the ``iri`` format,
which the notebook schema does not use).

What a brief would otherwise repeat is done once: the templates' modules (``BRIEF_PRELOAD``)
are imported at kernel start (and ``scipy.stats`` is not imported at all: the maps' natural
breaks no longer go through mapclassify's import), and the
imported objects are moved out of the garbage collector's way (``gc.freeze``), so the reset's
full collection only walks what the briefs created; a worker builds its HTML exporter while
its kernel starts; the maps' base layer (boundaries simplified once for the page's scale,
their paths, label points and neighbours) is built once per kernel and boundary file
(:mod:`workbench.maps`); and figures that are the same in several briefs (the province-wide
key-gap map) are drawn once per kernel and reused, keyed by everything they depend on
(:class:`workbench.laporan.GambarSekali`); the run's saved analysis is read once per kernel
and the province summary computed once per analysis (:mod:`workbench.laporan.konteks`).
These caches live in the kernel process, hold derived data only, survive the reset by design
and die with the kernel (a failed brief gets a fresh one); a warm brief's notebook and HTML
are byte-identical to a cold one's (tests).

Reliability
-----------
A failing job (exception in a cell, kernel death, timeout, export error) does not stop the
others: it is recorded with its status ``gagal``, the failing cell index (0-based, in the
template), the error name and message, and the executed notebook up to the failure is still
written (with papermill's error markers and ``metadata.workbench.status = "gagal"``); no HTML
is written for it and a stale HTML from an earlier run is removed. Every file is written under
a temporary name in the same folder and renamed with :func:`os.replace`. ``resume=True`` skips
a job whose hash (template SHA-256, parameters, input files' SHA-256, workbench version)
equals the one stored in ``manifest.json`` for its last successful run and whose outputs still
exist (a code change without a version bump is not detected: rerun without ``--resume``; the
manifest records the source hash and git commit of every run). Shared outputs carry no
absolute paths or user names: papermill's ``input_path``/``output_path`` are made relative,
and absolute prefixes (output folder, project, Python prefix, home, temp) in any text of the
notebook are replaced by placeholders.

Scaling out: a national run on a Dask cluster
---------------------------------------------
``--scheduler tcp://HOST:PORT`` sends the jobs to a Dask distributed cluster with
``Client.map`` instead of the local worker processes; outputs and manifest are the same (the
workers return the notebook and HTML text, the client writes them). Each Dask worker thread
keeps its own warm kernel (a thread-local cached runner), started by a warm-up task per
worker thread as soon as the client connects (while the analysis runs), so start workers with
``--nthreads 1`` and as many worker processes per machine as cores. The analysis travels as
a path: each kernel reads it from the shared ``_cache`` folder, nothing is pickled per task.
For a national run (38 provinces, 514 kab/kota):

1. Put the data package and the output folder on a filesystem every worker mounts at the same
   path (NFS, a cluster scratch). The client writes ``<out>/_cache/<tahun>/`` (the analysis
   computed once and the data copy) before submitting; kernels read their slice from there.
2. Start a scheduler and workers with the same environment (``pip install -e .`` of the same
   commit)::

       dask scheduler --port 8786
       dask worker tcp://SCHEDULER:8786 --nworkers 8 --nthreads 1   # on every machine

3. ``workbench briefs --data /shared/paket --tahun 2026 --scheduler tcp://SCHEDULER:8786
   --out /shared/output``. With warm kernels a brief costs its own execution instead of
   kernel start and imports; the briefs are independent, so the time after the analysis is
   about (number of briefs × seconds per brief) / worker processes. ``--resume`` reruns only
   the briefs whose inputs changed or that failed.

The runner only sees a list of :class:`Job`; what is Kalteng-specific is the job list that
:func:`run_briefs` builds (the kab/kota of ``parameters/*.yaml`` and the reference
``wilayah`` table, which the templates also check). A national run needs a parameters
profile and reference table covering every province (or its own job list passed to
:class:`BatchRunner`), one job per kab/kota plus one overview per province.
"""


from workbench.briefs.batch import BatchRunner as BatchRunner
from workbench.briefs.batch import run_jobs as run_jobs
from workbench.briefs.export import export_html as export_html
from workbench.briefs.export import sanitize_html as sanitize_html
from workbench.briefs.jobs import DEFAULT_PRELOAD as DEFAULT_PRELOAD
from workbench.briefs.jobs import ENGINE_NAME as ENGINE_NAME
from workbench.briefs.jobs import KERNEL_NAME as KERNEL_NAME
from workbench.briefs.jobs import MANIFEST as MANIFEST
from workbench.briefs.jobs import STATUS_DILEWATI as STATUS_DILEWATI
from workbench.briefs.jobs import STATUS_GAGAL as STATUS_GAGAL
from workbench.briefs.jobs import STATUS_OK as STATUS_OK
from workbench.briefs.jobs import BriefsError as BriefsError
from workbench.briefs.jobs import Job as Job
from workbench.briefs.jobs import JobResult as JobResult
from workbench.briefs.jobs import RunResult as RunResult
from workbench.briefs.jobs import TemplateError as TemplateError
from workbench.briefs.jobs import check_template as check_template
from workbench.briefs.kernel import WarmKernel as WarmKernel
from workbench.briefs.product import BRIEF_PRELOAD as BRIEF_PRELOAD
from workbench.briefs.product import TEMPLATE_KABKOTA as TEMPLATE_KABKOTA
from workbench.briefs.product import TEMPLATE_PROVINSI as TEMPLATE_PROVINSI
from workbench.briefs.product import ParameterBuilder as ParameterBuilder
from workbench.briefs.product import _pilih_wilayah as _pilih_wilayah
from workbench.briefs.product import default_parameters as default_parameters
from workbench.briefs.product import run_briefs as run_briefs
from workbench.briefs.product import slug as slug
from workbench.briefs.product import write_plain_index as write_plain_index
from workbench.briefs.provenance import _prefixes as _prefixes
from workbench.briefs.provenance import git_commit as git_commit
from workbench.briefs.provenance import job_hash as job_hash
from workbench.briefs.provenance import package_versions as package_versions
from workbench.briefs.provenance import scrub_text as scrub_text
from workbench.briefs.provenance import sha256_file as sha256_file
from workbench.briefs.provenance import source_hash as source_hash
from workbench.briefs.runner import _LOCAL as _LOCAL
from workbench.briefs.runner import Runner as Runner
from workbench.briefs.runner import _runner_for as _runner_for
from workbench.briefs.runner import _template_cell_index as _template_cell_index
from workbench.briefs.runner import run_payload as run_payload
from workbench.briefs.runner import warm_up_payload as warm_up_payload

__all__ = [
    "BRIEF_PRELOAD",
    "DEFAULT_PRELOAD",
    "ENGINE_NAME",
    "KERNEL_NAME",
    "MANIFEST",
    "STATUS_DILEWATI",
    "STATUS_GAGAL",
    "STATUS_OK",
    "TEMPLATE_KABKOTA",
    "TEMPLATE_PROVINSI",
    "BatchRunner",
    "BriefsError",
    "Job",
    "JobResult",
    "ParameterBuilder",
    "RunResult",
    "Runner",
    "TemplateError",
    "WarmKernel",
    "check_template",
    "default_parameters",
    "export_html",
    "git_commit",
    "job_hash",
    "package_versions",
    "run_briefs",
    "run_jobs",
    "run_payload",
    "sanitize_html",
    "scrub_text",
    "sha256_file",
    "slug",
    "source_hash",
    "warm_up_payload",
    "write_plain_index",
]
