print("nucleus")
