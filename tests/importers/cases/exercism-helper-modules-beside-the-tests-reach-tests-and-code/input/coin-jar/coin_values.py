COIN_VALUES = {"penny": 1, "nickel": 5, "dime": 10}
