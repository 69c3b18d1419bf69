print("nucleus-reduce")
