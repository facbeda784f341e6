"""Run planned notebooks side by side, each only after the notebooks it requires.

Example:
    >>> graph = {"a": [], "b": ["a"]}
    >>> run_scheduled([(1, "a"), (2, "b")], graph, lambda i, name: name.upper(), 2,
    ...               name_of=lambda item: item[1])
    {'a': 'A', 'b': 'B'}
"""

from __future__ import annotations

from collections.abc import Callable


def transitive_dependents(graph: dict[str, list[str]]) -> dict[str, set[str]]:
    """For each notebook, every notebook that requires it directly or through others.

    Example:
        >>> deps = transitive_dependents({"01": [], "02": ["01"], "03": ["02"]})
        >>> sorted(deps["01"]), sorted(deps["03"])
        (['02', '03'], [])
    """
    dependents: dict[str, set[str]] = {name: set() for name in graph}
    for name in graph:  # graph edges only point to earlier notebooks: no cycles
        stack = list(graph[name])
        while stack:
            dep = stack.pop()
            if dep in dependents and name not in dependents[dep]:
                dependents[dep].add(name)
                stack.extend(graph.get(dep, []))
    return dependents


def run_scheduled(plan: list, graph: dict[str, list[str]], execute: Callable, jobs: int, *,
                  name_of: Callable = lambda item: item[1].stem) -> dict:
    """Run ``execute(*item)`` for every planned item, up to ``jobs`` at a time.

    ``name_of(item)`` is the item's notebook name in ``graph``. A notebook starts once
    every notebook it requires has finished (those not planned are already done: cached or
    kept). Among notebooks ready to start, the ones more notebooks wait on (directly or
    not) go first, so a short independent notebook does not delay the chain the run's end
    depends on. The first failure stops new starts; notebooks already running are allowed
    to finish, then the failure is raised.
    """
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    if jobs == 1:  # inline: a Ctrl-C reaches the running notebook directly
        return {name_of(item): execute(*item) for item in plan}
    planned = {name_of(item) for item in plan}
    done: set[str] = set(graph) - planned
    waiting_on = transitive_dependents(graph)
    pending = sorted(plan, key=lambda item: -len(waiting_on[name_of(item)]))  # stable
    results: dict = {}
    error: BaseException | None = None
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="notebook") as pool:
        running = {}
        while running or (pending and error is None):
            if error is None:
                for item in list(pending):
                    if len(running) >= jobs:
                        break
                    if all(d in done for d in graph[name_of(item)]):
                        running[pool.submit(execute, *item)] = item
                        pending.remove(item)
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                name = name_of(running.pop(future))
                try:
                    results[name] = future.result()
                    done.add(name)
                except BaseException as exc:  # noqa: BLE001 - kept and re-raised below
                    error = error or exc
    if error is not None:
        raise error
    return results
