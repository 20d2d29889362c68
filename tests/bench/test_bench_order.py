"""The bench's order of tools in a round: the ratios near their floors are timed back to back."""
from bench.__main__ import round_order

TOOLS = ["naive", "ours_j1", "ours_j2", "limit_j1", "limit_j2", "vips", "magick", "recompose"]


def _apart(order: list[str], a: str, b: str) -> int:
    return abs(order.index(a) - order.index(b))


def test_every_tool_runs_once_a_round_and_the_near_floor_pairs_run_back_to_back():
    for r in range(8):
        order = round_order(TOOLS, r, 2)
        assert sorted(order) == sorted(TOOLS)
        assert _apart(order, "ours_j2", "recompose") == 1
        assert _apart(order, "ours_j2", "limit_j2") == 1
        assert _apart(order, "ours_j1", "limit_j1") == 1


def test_which_of_a_pair_goes_first_alternates_and_the_first_tool_rotates():
    firsts = {round_order(TOOLS, r, 2)[0] for r in range(8)}
    assert len(firsts) >= 4
    before = [round_order(TOOLS, r, 2).index("recompose") < round_order(TOOLS, r, 2).index("ours_j2")
              for r in range(4)]
    assert before == [False, True, False, True]


def test_a_missing_tool_leaves_the_rest_of_its_block_and_other_job_counts_pair_too():
    order = round_order(["naive", "ours_j1", "ours_j4", "limit_j1", "limit_j4"], 0, 4)
    assert sorted(order) == ["limit_j1", "limit_j4", "naive", "ours_j1", "ours_j4"]
    assert _apart(order, "ours_j4", "limit_j4") == 1


def test_at_one_job_the_blocks_share_their_tools_and_each_runs_once():
    tools = ["naive", "ours_j1", "limit_j1", "vips", "magick", "recompose"]
    for r in range(4):
        order = round_order(tools, r, 1)
        assert sorted(order) == sorted(tools)
        assert _apart(order, "ours_j1", "limit_j1") == 1
